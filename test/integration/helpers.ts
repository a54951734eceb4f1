import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '../../local/system.js';

/**
 * Starts the local system on free ports with a fresh data folder (or the given
 * one). Free ports are reserved for this process (local/free-port.ts), so
 * another test worker is not given them; a program outside the tests may
 * still take one first: that start is tried again on other ports (the failed
 * one has closed what it opened).
 */
export async function startTestSystem(options: LocalSystemOptions = {}): Promise<{ system: LocalSystem; dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'xinfang-it-'));
  for (let attempt = 1; ; attempt++) {
    try {
      const system = await startLocalSystem({ ports: 'random', ...options, dataDir });
      return { system, dataDir };
    } catch (error) {
      if (!portTaken(error) || options.ports !== undefined || attempt >= 3) throw error;
    }
  }
}

/**
 * Random ports are free when picked, not when bound: a test file running beside this one may take
 * one first. Then a server of ours fails to bind, or a client of ours reaches the other file's
 * server on it and cannot read its answer (an SMTP greeting where HTTP was expected: HPE_…).
 */
function portTaken(error: unknown): boolean {
  const code = String((error as NodeJS.ErrnoException | undefined)?.code ?? '');
  return code === 'EADDRINUSE' || code.startsWith('HPE_');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ApiClient {
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

/** A staff member's view of the API: logs in through /local/login, then sends the bearer token. */
export async function loginAs(apiUrl: string, user: string): Promise<ApiClient> {
  const login = await fetch(`${apiUrl}/local/login`, { method: 'POST', body: JSON.stringify({ user }) });
  if (login.status !== 200) throw new Error(`login as ${user} failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return clientFor(apiUrl, token);
}

export function clientFor(apiUrl: string, token: string): ApiClient {
  return {
    token,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** A mobile number nobody else in the run has (the tests share one store). */
const ownPhone = () => `139-${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}-${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

/**
 * A letter as a registrar would type it in. Its matter names no department,
 * so the router leaves it in the office's triage list (status stays
 * `registered`) and tests decide what happens next; pass `matter` to route.
 * Each letter is from a petitioner of their own (a phone number of their
 * own): one person's same matter twice is a repeat, declined while the first
 * is open — pass the same `petitioner` to test that.
 */
export function letter(overrides: Record<string, unknown> = {}) {
  return {
    jurisdiction: '330122',
    channel: 'letter',
    receivedAt: '2026-11-20T09:15:00+08:00',
    subject: '来信',
    matter: '来信人反映个人诉求，具体情况详见所附材料，请领导阅示。',
    petitioner: { name: '张伟', gender: 'male', age: 52, phone: ownPhone(), address: '桐庐县城南街道某小区6幢' },
    ...overrides,
  };
}


/** Waits until `probe` answers something (not undefined or false): the system works asynchronously, through queues. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The demo's county office mailbox (桐庐县信访局). */
export const TONGLU_MAILBOX = 'xinfang@tonglu.petitions.example';

let mailSequence = 0;
const uniqueMessageId = (domain: string) => `it-${Date.now()}-${(mailSequence += 1)}@${domain}`;

type Smtp = ReturnType<typeof nodemailer.createTransport>;

/**
 * A petitioner writing to an office through the local SMTP server, as their
 * mail client would: a unique Message-ID each time; a reply quotes the one it
 * answers (In-Reply-To and References) and goes where it is told (`to`, e.g. a
 * letter's Reply-To). Answers the Message-ID it sent.
 */
export function petitionerMail(smtp: Smtp, petitioner: { name: string; email: string }) {
  return async (mail: { subject: string; text: string; inReplyTo?: string; to?: string; attachments?: { filename: string; content: Buffer; contentType: string }[] }): Promise<string> => {
    const to = mail.to ?? TONGLU_MAILBOX;
    const messageId = uniqueMessageId(petitioner.email.split('@')[1]!);
    await smtp.sendMail({
      envelope: { from: petitioner.email, to: [to] },
      from: `${petitioner.name} <${petitioner.email}>`,
      to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${messageId}>`,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
    return messageId;
  };
}

/** A petition email as raw MIME with a unique Message-ID, as a webmail client writes it (deliver it with SMTP's `raw`). */
export async function composeRaw(mail: { from: string; subject: string; text: string; inReplyTo?: string }): Promise<{ raw: Uint8Array; messageId: string }> {
  const messageId = uniqueMessageId('mail.example');
  const built = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await built.sendMail({
    from: mail.from,
    to: TONGLU_MAILBOX,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${messageId}>`,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
  });
  return { raw: info.message as Buffer, messageId };
}
