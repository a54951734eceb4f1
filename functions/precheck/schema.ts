import * as z from 'zod';

/**
 * SES's event for a receipt rule's Lambda action: the message's id (the S3 action stored it
 * under the rule's prefix + this id) and the recipients the rule matched (its office mailbox).
 * Only what the pre-check reads is checked; SES sends much more.
 */
export const sesReceiptEventSchema = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'an SES message id') }),
          receipt: z.object({ recipients: z.array(z.string().min(3)).min(1) }),
        }),
      }),
    )
    .min(1),
});
export type SesReceiptEvent = z.output<typeof sesReceiptEventSchema>;
