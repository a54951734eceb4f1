import { createHmac, timingSafeEqual } from 'node:crypto';

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
}

const MAC_LENGTH = 20;

export function replyTagger(key: string): ReplyTagger {
  const mac = (caseNumber: string, petitionerEmail: string) =>
    createHmac('sha256', key).update(`${caseNumber}\n${petitionerEmail.trim().toLowerCase()}`).digest('hex').slice(0, MAC_LENGTH);
  return {
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
