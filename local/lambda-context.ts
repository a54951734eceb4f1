import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** A Lambda context for one local invocation, with the function's real timeout. */
export function lambdaContext(functionName: string, timeoutSeconds: number, region: string, memoryMb = 512): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

let invocationObserver: ((functionName: string, ms: number) => void) | undefined;

/** Told of every invocation and how long it ran (the intake benchmark's Lambda GB-seconds); one observer at a time. */
export function observeInvocations(observer: ((functionName: string, ms: number) => void) | undefined): void {
  invocationObserver = observer;
}

/** Runs a handler with the function's timeout, as Lambda would stop it. */
export async function invokeWithTimeout<R>(run: () => Promise<R>, timeoutSeconds: number, functionName: string): Promise<R> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${functionName} timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
    invocationObserver?.(functionName, performance.now() - started);
  }
}
