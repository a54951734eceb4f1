/**
 * A benchmark's options from its command line, or the exit code once it has
 * said why not: `--help` prints the usage (0); options it cannot use print
 * the problem and the usage (2). `isUsageError` narrows which errors are the
 * user's, so a bug in the parser still fails loudly.
 */
export function optionsOrExitCode<T>(
  parse: (argv: string[]) => T | 'help',
  usage: string,
  isUsageError: (error: unknown) => boolean = () => true,
  argv: string[] = process.argv.slice(2),
): T | number {
  let options: T | 'help';
  try {
    options = parse(argv);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  return options;
}

/** A positive integer option's value; a usage error naming the option otherwise. */
export function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** A 6-digit division code option's value (a county or city); a usage error naming the option otherwise. */
export function divisionCode(name: string, value: string): string {
  if (!/^\d{6}$/.test(value)) throw new Error(`--${name} must be a 6-digit division code, got "${value}"`);
  return value;
}
