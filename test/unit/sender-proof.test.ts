import { describe, expect, it } from 'vitest';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { notificationTag } from '../../shared/app/notification.js';
import { neverActedOn, senderVerdicts } from '../../shared/domain/mail/sender-verdicts.js';

describe('the per-case reply address', () => {
  const tags = replyTagger('a-key-of-at-least-thirty-two-characters!!');
  const address = tags.tag('xinfang@tonglu.petitions.example', '330122-2026-000042', 'ZhangWei1978@163.example');

  it('tags the office mailbox with the case and a mac over case and petitioner', () => {
    expect(address).toMatch(/^xinfang\+330122-2026-000042\.[0-9a-f]{20}@tonglu\.petitions\.example$/);
  });

  it('proves the case and petitioner it was made for, whatever the case of the letters', () => {
    expect(tags.proves(['someone@else.example', address.toUpperCase()], '330122-2026-000042', 'zhangwei1978@163.example')).toBe(true);
  });

  it('proves nothing for another case, another petitioner, another key or a made-up mac', () => {
    expect(tags.proves([address], '330122-2026-000043', 'zhangwei1978@163.example')).toBe(false);
    expect(tags.proves([address], '330122-2026-000042', 'forger@163.example')).toBe(false);
    expect(replyTagger('another-key-of-at-least-thirty-two-chars!').proves([address], '330122-2026-000042', 'zhangwei1978@163.example')).toBe(false);
    expect(tags.proves(['xinfang+330122-2026-000042.0123456789abcdef0123@tonglu.petitions.example'], '330122-2026-000042', 'zhangwei1978@163.example')).toBe(false);
    expect(tags.proves(['xinfang@tonglu.petitions.example'], '330122-2026-000042', 'zhangwei1978@163.example')).toBe(false);
  });
});

describe('our Message-IDs', () => {
  const tags = replyTagger('a-key-of-at-least-thirty-two-characters!!');
  const part = tags.messageIdPart('ack:330122-2026-000042');
  // What anyone can compute from a case number: the tag of `ack:<case number>`, in hex.
  const guessable = Buffer.from(notificationTag('ack:330122-2026-000042'), 'base64url').toString('hex');

  it('carry the notification’s tag and a mac only the key makes', () => {
    expect(part).toMatch(new RegExp(`^${guessable}\\.[0-9a-f]{20}$`));
    expect(tags.genuine(`${part}@petitions.example`)).toBe(true);
    expect(tags.genuine(`<${part.toUpperCase()}@PETITIONS.EXAMPLE>`)).toBe(true);
  });

  it('are not genuine made up from a case number, with another key’s mac or a mac changed', () => {
    expect(tags.genuine(`${guessable}@petitions.example`)).toBe(false);
    expect(tags.genuine(`${replyTagger('another-key-of-at-least-thirty-two-chars!').messageIdPart('ack:330122-2026-000042')}@petitions.example`)).toBe(false);
    expect(tags.genuine(`${guessable}.0123456789abcdef0123@petitions.example`)).toBe(false);
    expect(tags.genuine(`${guessable}.@petitions.example`)).toBe(false);
  });

  it('leave other senders’ Message-IDs alone', () => {
    expect(tags.genuine('2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example')).toBe(true);
    expect(tags.genuine('0100019bb0c4d5e6-7f8a9b0c-1d2e-4f3a-8b5c-7d8e9f0a1b2c-000000@email.amazonses.com')).toBe(true);
  });
});

describe('SES verdicts', () => {
  const ses = 'amazonses.com; spf=pass (spfCheck: domain of 163.example designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@163.example; helo=mx.163.example; dkim=pass header.i=@163.example; dmarc=fail header.from=163.example;';

  it('reads SES’s own Authentication-Results and scan verdicts, the first of each', () => {
    const verdicts = senderVerdicts({ headers: { 'authentication-results': `${ses}\nmx.forger.example; dmarc=pass`, 'x-ses-spam-verdict': 'PASS', 'x-ses-virus-verdict': 'FAIL\nPASS' } });
    expect(verdicts).toEqual({ dmarc: 'fail', spam: 'PASS', virus: 'FAIL' });
    expect(neverActedOn(verdicts)).toBe('virus');
  });

  it('ignores a sender’s own Authentication-Results that does not come from SES', () => {
    expect(senderVerdicts({ headers: { 'authentication-results': 'mx.forger.example; dmarc=pass header.from=163.example' } })).toEqual({});
  });

  it('reads only the topmost Authentication-Results: an amazonses.com line a sender wrote below the receiving server’s is not SES’s', () => {
    const headers = { 'authentication-results': 'imap.qiye.example; spf=none; dmarc=none header.from=163.example\namazonses.com; spf=pass; dkim=pass; dmarc=pass header.from=163.example' };
    expect(senderVerdicts({ headers }).dmarc).toBeUndefined();
  });

  it('never acts on DMARC fail; acts on pass and on no verdict', () => {
    expect(neverActedOn({ dmarc: 'fail' })).toBe('dmarcFail');
    expect(neverActedOn({ dmarc: 'pass', virus: 'PASS' })).toBeUndefined();
    expect(neverActedOn({})).toBeUndefined();
  });
});
