import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { bouncedMessageId, bounceReport, classifyNoise, deliveryStatus, isOurMessageId, parseDeliveryStatus } from '../../shared/domain/mail/index.js';
import { dsnBounce, ndrHeadersOnly } from '../fixtures/emails.js';
import { postfixDelayWarning, postfixMailboxFullGaveUp } from '../fixtures/dsn.js';

/** The Message-ID our mailer gives an acknowledgement: the notification's tag at the sending domain. */
const OURS = '3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2.5c6d7e8f9a0b1c2d3e4f@petitions.example';
const noOwnAddresses = () => false;

async function read(raw: Uint8Array) {
  const email = await parseEmail(raw);
  const verdict = classifyNoise(email, noOwnAddresses);
  return { email, verdict, report: bounceReport(deliveryStatus(email), verdict.kind === 'bounce' ? verdict.reason : '') };
}

describe('delivery status notifications (RFC 3464) of our SMTP mail', () => {
  it('Postfix: a 550 from the recipient’s server is a permanent bounce of our Message-ID, the address left out', async () => {
    const { email, verdict, report } = await read(dsnBounce(OURS));
    expect(verdict.kind).toBe('bounce');
    expect(bouncedMessageId(email)).toBe(OURS);
    expect(report).toEqual({ failed: true, bounceType: 'Permanent', bounceSubType: 'General', diagnostic: 'smtp; 550 Mailbox not found.' });
  });

  it('Exchange: 5.1.10 RecipientNotFound is a permanent NoEmail bounce, matched from the returned headers alone', async () => {
    const { email, report } = await read(ndrHeadersOnly(OURS));
    expect(bouncedMessageId(email)).toBe(OURS);
    expect(report).toMatchObject({ failed: true, bounceType: 'Permanent', bounceSubType: 'NoEmail' });
    expect(report.failed && report.diagnostic).toBe('smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup');
  });

  it('a server that gave up on a full mailbox (failed, 4.2.2) is a transient MailboxFull bounce; the address in the diagnostic is not kept', async () => {
    const { email, report } = await read(postfixMailboxFullGaveUp(OURS));
    expect(bouncedMessageId(email)).toBe(OURS);
    expect(report).toEqual({ failed: true, bounceType: 'Transient', bounceSubType: 'MailboxFull', diagnostic: 'smtp; 452 4.2.2 <收件人> Mailbox full' });
    expect(JSON.stringify(report)).not.toContain('zhao.min');
  });

  it('a delay warning (Action: delayed) is not a bounce: the letter is still being retried', async () => {
    const { verdict, report } = await read(postfixDelayWarning(OURS));
    expect(verdict.kind).toBe('bounce');
    expect(report).toEqual({ failed: false, actions: ['delayed'] });
  });

  it('a bounce without a delivery-status part (prose only) is still a bounce, of undetermined type', () => {
    expect(bounceReport(undefined, 'From: mailer-daemon')).toEqual({ failed: true, bounceType: 'Undetermined', bounceSubType: 'Undetermined', diagnostic: 'From: mailer-daemon' });
  });

  it('reads folded fields and several recipients; one permanent failure makes the bounce permanent', () => {
    const report = parseDeliveryStatus(
      'Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; a@x.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n' +
        'Final-Recipient: rfc822; b@y.example\r\nAction: FAILED\r\nStatus: 5.7.1 (rejected by policy)\r\nDiagnostic-Code: smtp; 550 5.7.1\r\n  message content rejected\r\n',
    );
    expect(report).toEqual({
      reportingMta: 'dns; mx.example',
      recipients: [
        { action: 'delivered', status: '2.0.0' },
        { action: 'failed', status: '5.7.1', diagnosticCode: 'smtp; 550 5.7.1 message content rejected' },
      ],
    });
    expect(bounceReport(report, '')).toMatchObject({ failed: true, bounceType: 'Permanent', bounceSubType: 'ContentRejected' });
  });

  it('tells our Message-IDs (a tag in hex and a mac, at the sending domain) from others', () => {
    expect(isOurMessageId(OURS, 'noreply@petitions.example')).toBe(true);
    // The form before Message-IDs carried a mac is not ours any more.
    expect(isOurMessageId(OURS.replace(/\.[0-9a-f]{20}@/, '@'), 'noreply@petitions.example')).toBe(false);
    expect(isOurMessageId(OURS, 'noreply@other.example')).toBe(false);
    expect(isOurMessageId('ack.330122-2026-000042.1@petitions.example', 'noreply@petitions.example')).toBe(false);
  });
});
