import { describe, expect, it } from 'vitest';
import { saysSupplement, supplementTarget } from '../../shared/domain/mail/supplement.js';
import type { EarlierCase } from '../../shared/domain/mail/repeat.js';

const smell: EarlierCase = { caseNumber: '330122-2026-000101', matter: '俞赵村养猪场粪水直排，臭味很大。', status: 'registered', registeredAt: '2026-12-06T10:14:35.000Z' };
const light: EarlierCase = { caseNumber: '330122-2026-000102', matter: '春江花苑路灯坏了三个月。', status: 'accepted', registeredAt: '2026-12-05T08:00:00.000Z' };
const mail = (subject: string, text = '附上照片。', receivedAt = '2026-12-06T10:20:00.000Z') => ({ subject, text, receivedAt });

describe('saysSupplement: a mail that adds to an earlier one', () => {
  it.each([
    ['补充：养殖场臭味', ''],
    ['再补充照片', ''],
    ['【补充材料】', ''],
    ['追加证据', ''],
    ['养殖场', '补充一下：昨晚又排了。'],
    // Big5 mail from Hong Kong and Taiwan.
    ['補充：養殖場臭味', ''],
    ['【補充材料】', ''],
    ['養殖場', '再補充一下：昨晚又排了。'],
  ])('%j / %j', (subject, text) => expect(saysSupplement(subject, text)).toBe(true));

  it.each([
    ['补充养老保险未缴纳', '单位一直没有给我们缴纳补充养老保险。'],
    ['补充医疗保险报销', ''],
    ['補充醫療保險報銷', ''],
    ['养殖场臭味', '请尽快处理，我还会补充材料。'],
  ])('not %j / %j', (subject, text) => expect(saysSupplement(subject, text)).toBe(false));
});

describe('supplementTarget: the open case it adds to', () => {
  it('is the sender’s only open case registered within 7 days', () => {
    expect(supplementTarget(mail('补充：养殖场臭味'), [smell])).toBe(smell.caseNumber);
    expect(supplementTarget(mail('补充：养殖场臭味', '', '2026-12-13T10:14:00.000Z'), [smell])).toBe(smell.caseNumber);
  });

  it('is none after 7 days, for a closed case, or for a mail that does not say 补充', () => {
    expect(supplementTarget(mail('补充：养殖场臭味', '', '2026-12-13T10:15:00.000Z'), [smell])).toBeUndefined();
    expect(supplementTarget(mail('补充：养殖场臭味'), [{ ...smell, status: 'closed', closedAt: '2026-12-06T10:16:00.000Z' }])).toBeUndefined();
    expect(supplementTarget(mail('养殖场臭味'), [smell])).toBeUndefined();
  });

  it('with several open cases, is the one the mail names, else none', () => {
    expect(supplementTarget(mail('补充材料'), [smell, light])).toBeUndefined();
    expect(supplementTarget(mail(`补充材料（${light.caseNumber}）`), [smell, light])).toBe(light.caseNumber);
    // Naming a case that is not theirs (or not open) is no licence to pick the other.
    expect(supplementTarget(mail('补充材料（330122-2026-000999）'), [smell])).toBeUndefined();
  });
});
