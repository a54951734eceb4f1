/**
 * Vitest setup: the functions run inside the test process (the local runtime
 * invokes them there) and log one JSON line per message they handle. Those
 * lines are kept out of the test output so failures stay easy to read; tests
 * that check logs capture them first (test/fixtures/log-capture.ts), which
 * takes precedence. `SHOW_FUNCTION_LOGS=1 npm test` shows them when debugging.
 */
if (!process.env.SHOW_FUNCTION_LOGS) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
      if (text.startsWith('{"level":')) return true;
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
