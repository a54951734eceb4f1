import { createHmac, timingSafeEqual } from 'node:crypto';
import { notificationTagHex } from '../notification.js';

/**
 * The per-case reply address (VERP-style subaddress): `xinfang+<case>.<mac>@…`,
 * the mac an HMAC over the case number and the petitioner's address of
 * record. Every letter to a petitioner asks for replies there, so a reply
 * that comes back to it proves its sender received our mail — which a forged
 * `From:` alone does not.
 */
export interface ReplyTagger {
  /** The office mailbox tagged for this case and petitioner. */
  tag(mailbox: string, caseNumber: string, petitionerEmail: string): string;
  /** True when one of `addresses` is this case's tag for this petitioner. */
  proves(addresses: readonly string[], caseNumber: string, petitionerEmail: string): boolean;
  /**
   * The local part of the Message-ID a notification is sent with: its tag in
   * hex and a mac over it. The tag is a hash of an id anyone can guess
   * (`ack:<case number>`), so without the mac anyone could quote the
   * Message-ID of a letter they never received and pass as its recipient.
   */
  messageIdPart(notificationId: string): string;
  /**
   * False for a Message-ID in the form of ours whose mac does not verify — made
   * up, or sent before Message-IDs carried one — which must not thread mail to
   * a case or prove a sender; true for every other (the petitioner's own, SES's).
   */
  genuine(messageId: string): boolean;
}

const MAC_LENGTH = 20;
/**
 * The form of our Message-IDs, whatever the domain (the office may have changed
 * its sending domain since). Another system's id that happens to be 64 hex
 * characters is taken for a made-up one of ours: it threads by subject instead.
 */
const OUR_MESSAGE_ID = /^<?([0-9a-f]{64})(?:\.([0-9a-z]*))?@/;

export function replyTagger(key: string): ReplyTagger {
  const mac = (caseNumber: string, petitionerEmail: string) =>
    createHmac('sha256', key).update(`${caseNumber}\n${petitionerEmail.trim().toLowerCase()}`).digest('hex').slice(0, MAC_LENGTH);
  const messageMac = (tagHex: string) => createHmac('sha256', key).update(`message-id\n${tagHex}`).digest('hex').slice(0, MAC_LENGTH);
  return {
    messageIdPart(notificationId) {
      const hex = notificationTagHex(notificationId);
      return `${hex}.${messageMac(hex)}`;
    },
    genuine(messageId) {
      const ours = OUR_MESSAGE_ID.exec(messageId.trim().toLowerCase());
      if (!ours) return true;
      const given = Buffer.from(ours[2] ?? '');
      const expected = Buffer.from(messageMac(ours[1]!));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    tag(mailbox, caseNumber, petitionerEmail) {
      const at = mailbox.lastIndexOf('@');
      return `${mailbox.slice(0, at)}+${caseNumber}.${mac(caseNumber, petitionerEmail)}${mailbox.slice(at)}`;
    },
    proves(addresses, caseNumber, petitionerEmail) {
      const expected = Buffer.from(mac(caseNumber, petitionerEmail));
      return addresses.some((address) => {
        // Mail systems may lower-case the local part; case numbers and the hex mac survive that.
        const tag = /^[^@+]+\+([^@]+)@/.exec(address.trim().toLowerCase())?.[1];
        if (!tag || tag.slice(0, tag.lastIndexOf('.')) !== caseNumber.toLowerCase()) return false;
        const given = Buffer.from(tag.slice(tag.lastIndexOf('.') + 1));
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    },
  };
}
