import * as z from 'zod';

/** The S3 event notification S3 puts on the intake queue for each raw email stored. */
export const s3NotificationSchema = z.union([
  z.object({
    Records: z
      .array(
        z.object({
          eventName: z.string(),
          s3: z.object({
            bucket: z.object({ name: z.string() }),
            object: z.object({ key: z.string(), size: z.number().optional() }),
          }),
        }),
      )
      .min(1),
  }),
  // Sent once when the notification is configured.
  z.object({ Event: z.literal('s3:TestEvent'), Service: z.string() }),
]);
export type S3Notification = z.output<typeof s3NotificationSchema>;

/** S3 event keys are URL-encoded with `+` for spaces. */
export function objectKeyOf(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
