import * as z from 'zod';

/** Hosts that may be spoken to without TLS: the local stand-in only. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const polledMailboxSchema = z
  .strictObject({
    address: z.email(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    tls: z.boolean(),
    secretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name'),
    folder: z.string().min(1),
    storedFolder: z.string().min(1).optional(),
  })
  .refine((m) => m.tls || LOOPBACK.has(m.host), { message: 'IMAP without TLS only to a loopback address (the local server)', path: ['tls'] });

/**
 * The event of one batch's EventBridge rule (infra/constructs/mailbox-polling.ts):
 * a scheduled event whose detail is the batch of mailboxes to poll.
 */
export const mailboxPollEventSchema = z.object({
  'detail-type': z.literal('Scheduled Event'),
  time: z.iso.datetime({ offset: true }),
  detail: z.object({
    id: z.string().min(1),
    mailboxes: z.array(polledMailboxSchema).min(1, 'a batch names at least one mailbox'),
  }),
});
