/**
 * SQS errors as the AWS JSON 1.0 protocol reports them. The SDK is "awsQueryCompatible":
 * it reads the code from the `x-amzn-query-error` header and maps it back to the modelled
 * exception, so both must be right for `err.name` to come out as expected.
 */

/** Modelled name -> [awsQuery error code, HTTP status]. */
export const ERROR_CODES = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  InvalidAttributeName: ['InvalidAttributeName', 400],
  InvalidAttributeValue: ['InvalidAttributeValue', 400],
  InvalidMessageContents: ['InvalidMessageContents', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
  ResourceNotFoundException: ['ResourceNotFoundException', 404],
  // Not modelled by the SDK; it surfaces these under their query code.
  InvalidParameterValue: ['InvalidParameterValue', 400],
  MissingParameter: ['MissingParameter', 400],
  // Protocol-level errors (coral namespace).
  UnknownOperationException: ['InvalidAction', 400],
  SerializationException: ['MalformedQueryString', 400],
  InternalFailure: ['InternalFailure', 500],
} as const satisfies Record<string, readonly [string, number]>;

export type ErrorName = keyof typeof ERROR_CODES;

export class SqsError extends Error {
  constructor(
    readonly code: ErrorName,
    message: string,
  ) {
    super(message);
  }
}

export const missingParameter = (name: string) =>
  new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
export const invalidValue = (name: string, value: unknown, reason: string) =>
  new SqsError('InvalidParameterValue', `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${name} is invalid. Reason: ${reason}`);
export const queueDoesNotExist = () => new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
export const receiptHandleIsInvalid = (handle: string) =>
  new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
export const receiptHandleExpired = (handle: string) =>
  invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');

export function errorType(code: ErrorName): string {
  const coral = code === 'UnknownOperationException' || code === 'SerializationException' || code === 'InternalFailure';
  return `${coral ? 'com.amazon.coral.service' : 'com.amazonaws.sqs'}#${code}`;
}

