/** What the SMTP intake stored for one accepted message: SES's message id and the office mailboxes it matched. */
export interface StoredMessage {
  messageId: string;
  recipients: readonly string[];
  mailFrom: string;
}

/**
 * SES's event for a receipt rule's Lambda action (invocation type Event), as SES builds it
 * after its S3 action stored the message: the fields a reader of it expects, with the
 * recipients the rule matched.
 */
export function sesReceiptEvent(stored: StoredMessage, opts: { region: string; functionArn: string; at?: Date }) {
  const timestamp = (opts.at ?? new Date()).toISOString();
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp,
            source: stored.mailFrom,
            messageId: stored.messageId,
            destination: [...stored.recipients],
            headersTruncated: false,
          },
          receipt: {
            timestamp,
            processingTimeMillis: 0,
            recipients: [...stored.recipients],
            action: { type: 'Lambda', invocationType: 'Event', functionArn: opts.functionArn },
          },
        },
      },
    ],
  };
}

/**
 * The receipt rule's Lambda action: invoked for each stored message without the sender
 * waiting (SES's event invocation), its failures logged; `idle` waits for those in flight,
 * so a stop does not cut one off.
 */
export function receiptAction(invoke: (stored: StoredMessage) => Promise<unknown>, onError: (error: unknown) => void) {
  const inFlight = new Set<Promise<unknown>>();
  return {
    afterStored(stored: StoredMessage): void {
      const run = invoke(stored).catch(onError);
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    },
    async idle(): Promise<void> {
      await Promise.all([...inFlight]);
    },
  };
}
