import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { startSesServer, type LocalSes } from '../../local/servers/ses-server.js';

function clientFor(endpoint: string, maxAttempts?: number): SESv2Client {
  return new SESv2Client({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts });
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** A reply the case system might send: UTF-8 subject, threading headers, a PDF attachment. */
function rawReply(): Buffer {
  const pdf = Buffer.from('%PDF-1.4\n% 信访答复意见书\n', 'utf8');
  const lines = [
    `From: ${encodedWord('省信访局')} <noreply@xinfang.example.gov.cn>`,
    'To: petitioner@example.com',
    'Cc: archive@xinfang.example.gov.cn',
    'Bcc: audit@xinfang.example.gov.cn',
    `Subject: ${encodedWord('关于您的信访事项的答复')}`,
    'Message-ID: <sender-chosen-id@xinfang.example.gov.cn>',
    'In-Reply-To: <original-petition@example.com>',
    'References: <original-petition@example.com>',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('您好：您的信访事项已受理。', 'utf8').toString('base64'),
    '--b1',
    'Content-Type: application/pdf; name="reply.pdf"',
    'Content-Disposition: attachment; filename="reply.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64'),
    '--b1--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const simpleMail = (overrides: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput => ({
  FromEmailAddress: 'noreply@xinfang.example.gov.cn',
  Destination: { ToAddresses: ['petitioner@example.com'] },
  Content: { Simple: { Subject: { Data: '受理通知' }, Body: { Text: { Data: '已受理' } } } },
  ...overrides,
});

describe('local SES server', () => {
  let server: LocalSes;
  let ses: SESv2Client;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-ses-'));
    server = await startSesServer({ port: 0 });
    ses = clientFor(server.endpoint);
  });

  afterAll(async () => {
    ses?.destroy();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('captures a raw mail with a UTF-8 subject and an attachment, SES-style Message-ID, threading headers kept', async () => {
    await server.clear();
    const { MessageId } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: rawReply() } } }));
    expect(MessageId).toMatch(/^[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);

    const [mail, ...rest] = server.list();
    expect(rest).toHaveLength(0);
    expect(mail).toMatchObject({
      messageId: MessageId,
      from: '"省信访局" <noreply@xinfang.example.gov.cn>',
      to: ['petitioner@example.com'],
      cc: ['archive@xinfang.example.gov.cn'],
      bcc: ['audit@xinfang.example.gov.cn'],
      subject: '关于您的信访事项的答复',
      attachments: [{ filename: 'reply.pdf', contentType: 'application/pdf', size: Buffer.byteLength('%PDF-1.4\n% 信访答复意见书\n') }],
    });
    expect(mail!.text.trim()).toBe('您好：您的信访事项已受理。');
    expect(mail!.headers['message-id']).toBe(`<${MessageId}@email.amazonses.com>`);
    expect(mail!.headers['in-reply-to']).toBe('<original-petition@example.com>');
    expect(mail!.headers['references']).toBe('<original-petition@example.com>');
    expect(mail!.headers['auto-submitted']).toBe('auto-replied');
    expect(mail!.headers['subject']).toBe('关于您的信访事项的答复');
    expect(mail!.headers['bcc']).toBeUndefined(); // SES never delivers Bcc
    expect(Date.parse(mail!.time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('takes raw recipients from Destination when given', async () => {
    await server.clear();
    await ses.send(new SendEmailCommand({ Destination: { ToAddresses: ['other@example.com'] }, Content: { Raw: { Data: rawReply() } } }));
    expect(server.list()[0]).toMatchObject({ to: ['other@example.com'], cc: [], bcc: [] });
  });

  it('captures a simple mail with text, html, reply-to, cc, bcc and custom headers', async () => {
    await server.clear();
    const { MessageId } = await ses.send(
      new SendEmailCommand(
        simpleMail({
          Destination: { ToAddresses: ['a@example.com'], CcAddresses: ['b@example.com'], BccAddresses: ['c@example.com'] },
          ReplyToAddresses: ['office@xinfang.example.gov.cn'],
          Content: {
            Simple: {
              Subject: { Data: '办理结果', Charset: 'UTF-8' },
              Body: { Text: { Data: '已办结' }, Html: { Data: '<p>已办结</p>' } },
              Headers: [{ Name: 'X-Case-Number', Value: 'XF-2024-0001' }],
            },
          },
          ConfigurationSetName: 'local',
          EmailTags: [{ Name: 'kind', Value: 'reply' }],
        }),
      ),
    );
    const [mail] = server.list();
    expect(mail).toMatchObject({
      messageId: MessageId,
      from: 'noreply@xinfang.example.gov.cn',
      to: ['a@example.com'],
      cc: ['b@example.com'],
      bcc: ['c@example.com'],
      replyTo: ['office@xinfang.example.gov.cn'],
      subject: '办理结果',
      text: '已办结',
      html: '<p>已办结</p>',
      attachments: [],
      configurationSetName: 'local',
      tags: { kind: 'reply' },
    });
    expect(mail!.headers).toMatchObject({ 'message-id': `<${MessageId}@email.amazonses.com>`, 'x-case-number': 'XF-2024-0001', subject: '办理结果' });
  });

  it('lists mail oldest first and clear() empties the list', async () => {
    await server.clear();
    for (const subject of ['一', '二', '三']) {
      await ses.send(new SendEmailCommand(simpleMail({ Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: subject } } } } })));
    }
    expect(server.list().map((m) => m.subject)).toEqual(['一', '二', '三']);
    await server.clear();
    expect(server.list()).toEqual([]);
  });

  it('keeps captured mail across a restart from the same data file', async () => {
    const dataFile = join(dataDir, 'mail.jsonl');
    const first = await startSesServer({ port: 0, dataFile });
    const client1 = clientFor(first.endpoint);
    const { MessageId } = await client1.send(new SendEmailCommand(simpleMail()));
    await client1.send(new SendEmailCommand({ Content: { Raw: { Data: rawReply() } } }));
    client1.destroy();
    await first.close();

    const second = await startSesServer({ port: 0, dataFile });
    try {
      const mails = second.list();
      expect(mails.map((m) => m.subject)).toEqual(['受理通知', '关于您的信访事项的答复']);
      expect(mails[0]!.messageId).toBe(MessageId);
      expect(mails[1]!.attachments[0]!.filename).toBe('reply.pdf');
      await second.clear();
      expect(readFileSync(dataFile, 'utf8')).toBe('');
    } finally {
      await second.close();
    }
    const third = await startSesServer({ port: 0, dataFile });
    expect(third.list()).toEqual([]);
    await third.close();
  });

  it('publishes a Send event with the email tags before answering, and again at a restart for recent mail', async () => {
    const dataFile = join(dataDir, 'events.jsonl');
    const events: Record<string, any>[] = [];
    let answeredBeforePublished = false;
    const first = await startSesServer({
      port: 0,
      dataFile,
      onEvent: async (event) => {
        // Slow on purpose: the send must not be answered until the event is handed over.
        await new Promise((r) => setTimeout(r, 50));
        answeredBeforePublished ||= answered;
        events.push(event);
      },
    });
    const client = clientFor(first.endpoint);
    let answered = false;
    const { MessageId } = await client.send(new SendEmailCommand({ ...simpleMail(), EmailTags: [{ Name: 'notification', Value: 'abc_DEF-123' }] }));
    answered = true;
    client.destroy();
    await first.close();
    expect(answeredBeforePublished).toBe(false);
    expect(events).toEqual([
      { eventType: 'Send', send: {}, mail: expect.objectContaining({ messageId: MessageId, destination: ['petitioner@example.com'], tags: { notification: ['abc_DEF-123'] } }) },
    ]);

    // Killed between keeping the mail and publishing? The restart publishes it again (consumers recognise repeats).
    const replayed: Record<string, any>[] = [];
    const second = await startSesServer({ port: 0, dataFile, onEvent: (event) => void replayed.push(event) });
    await second.close();
    expect(replayed.map((e) => [e.eventType, e.mail.messageId])).toEqual([['Send', MessageId]]);
    // Mail older than the replay window is not published again.
    const third = await startSesServer({ port: 0, dataFile, replaySendEventsMs: 0, onEvent: (event) => void replayed.push(event) });
    await third.close();
    expect(replayed).toHaveLength(1);
  });

  it('rejects invalid requests with BadRequestException', async () => {
    const noFrom = await errorOf(ses.send(new SendEmailCommand(simpleMail({ FromEmailAddress: undefined }))));
    expect(noFrom.name).toBe('BadRequestException');
    expect(noFrom.$metadata?.httpStatusCode).toBe(400);

    const noRecipients = await errorOf(ses.send(new SendEmailCommand(simpleMail({ Destination: {} }))));
    expect(noRecipients.name).toBe('BadRequestException');

    const badAddress = await errorOf(ses.send(new SendEmailCommand(simpleMail({ Destination: { ToAddresses: ['not an address'] } }))));
    expect(badAddress.name).toBe('BadRequestException');
    expect(badAddress.message).toMatch(/Illegal address/);

    const malformedRaw = await errorOf(ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from('just some text, no headers') } } })));
    expect(malformedRaw.name).toBe('BadRequestException');

    const reservedHeader = await errorOf(
      ses.send(new SendEmailCommand(simpleMail({ Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } }, Headers: [{ Name: 'From', Value: 'x@example.com' }] } } }))),
    );
    expect(reservedHeader.name).toBe('BadRequestException');

    const template = await errorOf(ses.send(new SendEmailCommand(simpleMail({ Content: { Template: { TemplateName: 'reply' } } }))));
    expect(template.name).toBe('NotFoundException');
  });

  it('throttles beyond maxSendRate with TooManyRequestsException (429), which the SDK retries as throttling', async () => {
    const limited = await startSesServer({ port: 0, maxSendRate: 2 });
    const once = clientFor(limited.endpoint, 1);
    const retrying = clientFor(limited.endpoint, 6);
    try {
      await once.send(new SendEmailCommand(simpleMail()));
      await once.send(new SendEmailCommand(simpleMail()));
      const error = await errorOf(once.send(new SendEmailCommand(simpleMail())));
      expect(error.name).toBe('TooManyRequestsException');
      expect(error.message).toBe('Maximum sending rate exceeded.');
      expect(error.$metadata?.httpStatusCode).toBe(429);

      // The SDK's standard retry strategy backs off and gets through once the second has passed.
      const { $metadata } = await retrying.send(new SendEmailCommand(simpleMail()));
      expect($metadata.attempts).toBeGreaterThan(1);
      expect(limited.list()).toHaveLength(3);
    } finally {
      once.destroy();
      retrying.destroy();
      await limited.close();
    }
  });
});
