/**
 * Routine mail (notices, reminders, digests) gives way while urgent alerts or
 * acknowledgements are waiting: it polls their depth and goes on when they
 * are empty, or after `maxWaitMs` at the latest (the invocation must finish
 * well within its timeout; what it holds is then sent, late but not lost).
 */
export async function waitForBusierLanes(
  lanes: { waiting(): Promise<number> },
  opts: { maxWaitMs: number; pollMs: number; now?: () => number; sleep?: (ms: number) => Promise<void> },
): Promise<{ ms: number; waiting: number }> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  for (;;) {
    const waiting = await lanes.waiting();
    const ms = now() - started;
    if (waiting === 0 || ms + opts.pollMs > opts.maxWaitMs) return { ms, waiting };
    await sleep(opts.pollMs);
  }
}
