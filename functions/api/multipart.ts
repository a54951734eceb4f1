import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { HttpEvent } from '../lib/http.js';

/** A file of a form post, as the browser sent it. */
export interface FormFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface FormPost {
  fields: Record<string, string>;
  files: FormFile[];
}

/** Limits of one form post; passing one is answered, never silently cut. */
export interface FormLimits {
  /** All files together, in bytes. */
  totalFileBytes: number;
  files: number;
  fields: number;
  /** One field's text, in bytes. */
  fieldBytes: number;
}

/** Why a form post was not read: too large, too many files, or not a form. */
export class FormRejected extends Error {
  /** The fields read before the post was refused, so a form can be shown again as typed. */
  fields: Record<string, string> = {};
  constructor(
    readonly reason: 'tooLarge' | 'tooManyFiles' | 'tooManyFields' | 'fieldTooLong' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'FormRejected';
  }
}

/**
 * Reads a form post — multipart/form-data (busboy) or
 * application/x-www-form-urlencoded — from an HTTP API event. Fields given
 * twice keep the first value; a file input left empty (no name, no bytes) is
 * no file.
 */
export async function readFormPost(event: HttpEvent, limits: FormLimits): Promise<FormPost> {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const contentType = event.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    if (body.length > limits.fieldBytes * limits.fields) throw new FormRejected('tooLarge', 'the form is larger than its fields allow');
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) if (!(name in fields)) fields[name] = value;
    return { fields, files: [] };
  }
  return new Promise<FormPost>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, fileSize: limits.totalFileBytes + 1, parts: limits.files + limits.fields + 1 },
      });
    } catch (error) {
      reject(new FormRejected('malformed', (error as Error).message));
      return;
    }
    const fields: Record<string, string> = {};
    const files: FormFile[] = [];
    let fileBytes = 0;
    let failure: FormRejected | undefined;
    const fail = (rejection: FormRejected) => {
      failure ??= rejection;
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new FormRejected('fieldTooLong', `field ${name} is longer than ${limits.fieldBytes} bytes`));
      if (!(name in fields)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        fileBytes += chunk.length;
        if (fileBytes > limits.totalFileBytes) fail(new FormRejected('tooLarge', `the files are larger than ${limits.totalFileBytes} bytes together`));
        else chunks.push(chunk);
      });
      stream.on('limit', () => fail(new FormRejected('tooLarge', `the files are larger than ${limits.totalFileBytes} bytes together`)));
      stream.on('close', () => {
        const content = Buffer.concat(chunks);
        if (info.filename || content.length > 0) files.push({ field: name, filename: info.filename ?? '', contentType: info.mimeType || 'application/octet-stream', content });
      });
    });
    parser.on('filesLimit', () => fail(new FormRejected('tooManyFiles', `at most ${limits.files} files`)));
    parser.on('fieldsLimit', () => fail(new FormRejected('tooManyFields', `at most ${limits.fields} fields`)));
    parser.on('partsLimit', () => fail(new FormRejected('tooManyFields', 'too many parts')));
    parser.on('error', (error: Error) => reject(new FormRejected('malformed', error.message)));
    parser.on('close', () => {
      if (!failure) return resolve({ fields, files });
      failure.fields = fields;
      reject(failure);
    });
    Readable.from([body]).pipe(parser);
  });
}
