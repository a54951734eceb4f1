import * as z from 'zod';
import { readAttachment } from '../../shared/app/read-attachment.js';
import { readOriginalEmail } from '../../shared/app/read-original-email.js';
import { download } from '../lib/http.js';
import { onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';
import { caseNumberParamSchema } from './schemas.js';

/**
 * A Lambda proxy answer holds at most 6 MB, and base64 makes a file a third
 * larger: 4 MiB of file is what fits with room for the headers. A larger
 * attachment is refused with 413 and says so, rather than served by a
 * presigned S3 link, which would need the bucket opened to the console's
 * origin (CORS) and a link that works without the staff token for its lifetime.
 */
export const MAX_ATTACHMENT_DOWNLOAD_BYTES = 4 * 1024 * 1024;

/** A MIME type as intake records it; anything else is served as opaque bytes. */
const SAFE_CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

const attachmentParamsSchema = caseNumberParamSchema.extend({
  attachmentId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be an attachment id as the case lists it, e.g. 1'),
});

const originalParamsSchema = caseNumberParamSchema.extend({
  emailId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be an original email id as the case’s message gives it (originalEmailId)'),
});

/** The files petitioners sent with their mail, and the mail itself as received, for the staff who may read the case. */
export const attachmentRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}/attachments/{attachmentId}',
    operationId: 'downloadAttachment',
    summary: 'Download an attachment of the case’s mail',
    description: `The file as intake stored it, with its recorded content type, \`Content-Disposition: attachment\` naming it in UTF-8 (\`filename*\`, RFC 5987) and \`X-Content-Type-Options: nosniff\`. Readable by whoever may read the case (otherwise 404, as for the case), and written to the case's audit trail as \`read:attachments/{attachmentId}\`. The ids are those in the case's \`attachments\` and its messages' \`attachments\`. A repeat merged into the case from a case the caller may not read is listed with a handle instead of its stored id, which names that case (\`merged-7-1\`, its message \`repeat:merged-7\`): the file is read by the handle, and the stored id finds nothing for that caller (404). A file over ${MAX_ATTACHMENT_DOWNLOAD_BYTES} bytes (4 MiB, what a Lambda answer of at most 6 MB carries in base64) is refused with 413 AttachmentTooLarge.`,
    tags: ['Cases'],
    params: attachmentParamsSchema,
    describe: { ...onCase.describe, attachmentId: 'The attachment’s id within the case, e.g. 1.' },
    responses: [{ status: 200, description: 'The file’s bytes, in its own content type.', media: ['file'] }],
    errors: [400, 403, 404, 413],
    handler: async ({ deps, actor, params }) => {
      const reader = actor();
      const { caseNumber, attachmentId } = params();
      const { attachment, body } = await readAttachment(deps, caseNumber, attachmentId, reader, MAX_ATTACHMENT_DOWNLOAD_BYTES);
      const contentType = SAFE_CONTENT_TYPE.test(attachment.contentType) ? attachment.contentType : 'application/octet-stream';
      return download(body, contentType, attachment.filename);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}/originals/{emailId}',
    operationId: 'downloadOriginalEmail',
    summary: 'Download the original of an email the case received (.eml)',
    description: `The email exactly as it was received (\`message/rfc822\`, named <caseNumber>-原邮件-<emailId>.eml): all of a long petition, whose message keeps only the first 100,000 characters of its text, with every header and part. Readable by whoever may read the case (otherwise 404, as for the case), and written to the case's audit trail as \`read:originals/{emailId}\`. The id is the message's \`originalEmailId\`. An email over ${MAX_ATTACHMENT_DOWNLOAD_BYTES} bytes is refused with 413 AttachmentTooLarge.`,
    tags: ['Cases'],
    params: originalParamsSchema,
    describe: { ...onCase.describe, emailId: 'The original email’s id, as the case’s message gives it in originalEmailId.' },
    responses: [{ status: 200, description: 'The email’s bytes (message/rfc822).', media: ['file'] }],
    errors: [400, 403, 404, 413],
    handler: async ({ deps, actor, params }) => {
      const reader = actor();
      const { caseNumber, emailId } = params();
      const { body } = await readOriginalEmail(deps, caseNumber, emailId, reader, MAX_ATTACHMENT_DOWNLOAD_BYTES);
      return download(body, 'message/rfc822', `${caseNumber}-原邮件-${emailId}.eml`);
    },
  }),
];
