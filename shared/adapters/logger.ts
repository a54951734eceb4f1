import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs, one event per line. Log case numbers, codes and
 * counts — never a petitioner's name, contact, address or words.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
}
