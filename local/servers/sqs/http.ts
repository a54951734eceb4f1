/** The AWS JSON 1.0 protocol over HTTP: POST with X-Amz-Target: AmazonSQS.<Action>. */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody } from '../http-body.js';
import { ERROR_CODES, SqsError, errorType } from './errors.js';
import { isObject } from './input.js';
import type { StateJournal } from './journal.js';
import { performAction } from './operations.js';
import type { SqsStore } from './store.js';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_REQUEST_BYTES = 8 * 1_048_576;

function writeJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function writeError(res: http.ServerResponse, error: unknown, requestId: string): void {
  const sqsError = error instanceof SqsError ? error : new SqsError('InternalFailure', error instanceof Error ? error.message : String(error));
  if (!(error instanceof SqsError)) console.error('[local-sqs] internal error', error);
  const [queryCode, status] = ERROR_CODES[sqsError.code];
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  writeJson(res, status, { __type: errorType(sqsError.code), message: sqsError.message }, {
    'x-amzn-requestid': requestId,
    'x-amzn-query-error': `${queryCode};${fault}`,
  });
}

export async function handleRequest(store: SqsStore, journal: StateJournal, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  try {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/health')) {
      writeJson(res, 200, { status: 'ok' }, { 'x-amzn-requestid': requestId });
      return;
    }
    const target = req.headers['x-amz-target'];
    const body = (await readBody(req, MAX_REQUEST_BYTES, () => new SqsError('SerializationException', 'Request body too large.'))).toString('utf8');
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith('AmazonSQS.')) {
      throw new SqsError('UnknownOperationException', 'Only the AWS JSON 1.0 protocol (POST with X-Amz-Target: AmazonSQS.<Action>) is supported.');
    }
    let input: unknown;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw new SqsError('SerializationException', 'The request body is not valid JSON.');
    }
    if (!isObject(input)) throw new SqsError('SerializationException', 'The request body must be a JSON object.');
    const output = await performAction(store, journal, target.slice('AmazonSQS.'.length), input, aborter.signal);
    writeJson(res, 200, output, { 'x-amzn-requestid': requestId });
  } catch (error) {
    writeError(res, error, requestId);
  }
}
