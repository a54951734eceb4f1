import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { composeRaw, loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

/*
 * Mail out by SMTP, as in the AWS China regions: the mailer signs in to a mail
 * provider's submission (here the local capture, over STARTTLS, with the
 * account from the local Secrets Manager); the provider's bounce comes back
 * as a DSN to the sending address and through intake onto the case —
 * whichever way mail comes in: stored as SES's receipt rule does, or read
 * from the sending mailbox over IMAP (the China regions use both IMAP and SMTP).
 */

// The functions' logs stay out of the test output.
const logs = captureLogs();
afterAll(() => logs.restore());

describe.each(['ses', 'imap'] as const)('mail out by SMTP, mail in by %s', (mailIn) => {
  let system: LocalSystem;
  let dataDir: string;
  let staff: ApiClient;

  beforeAll(async () => {
    ({ system, dataDir } = await startTestSystem({ mailOut: 'smtp', mailIn, console: 'off' }));
    staff = await loginAs(system.apiUrl, 'zj-admin');
  });

  afterAll(async () => {
    await system?.close();
    removeDir(dataDir);
  });

  it('sends the acknowledgement through the provider with our Message-ID, and records the provider’s DSN on the case', async () => {
    const petition = await composeRaw({ from: '"周丽" <bounce@simulator.amazonses.com>', subject: '小区电梯长期停运', text: '桐庐县城南街道某小区电梯停运两个月，老人上下楼困难，物业一直推诿。' });
    const intake = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, ignoreTLS: true });
    await intake.sendMail({ envelope: { from: 'bounce@simulator.amazonses.com', to: ['xinfang@tonglu.petitions.example'] }, raw: Buffer.from(petition.raw) });
    intake.close();

    const ack = await until('the acknowledgement', () => system.ses.list().find((m) => m.headers['in-reply-to']?.includes(petition.messageId)));
    // Sent by SMTP: no SES message id replaces ours, which is what the DSN quotes back.
    expect(ack.headers['message-id']).toMatch(/^<[0-9a-f]{64}\.[0-9a-f]{20}@petitions\.example>$/);
    const caseNumber = /【(\d{6,9}-\d{4}-\d{6,})】/.exec(ack.subject)![1]!;

    const bounce = await until('the bounce on the case', async () => {
      const { events } = (await staff.call('GET', `/cases/${caseNumber}`)).body as { events: { type: string; reason?: string; detail?: Record<string, unknown> }[] };
      return events.find((e) => e.type === 'bounceRecorded');
    });
    expect(bounce).toMatchObject({
      reason: '邮件无法送达信访人',
      detail: { feedback: 'bounce', bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedMessageId: ack.headers['message-id']!.slice(1, -1) },
    });
    // The DSN made no case of its own and was answered by nothing.
    const listed = (await staff.call('GET', '/cases?jurisdiction=330122')).body as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
    expect(system.ses.list().filter((m) => m.to.some((to) => to.startsWith('noreply@')))).toHaveLength(0);
  });
});
