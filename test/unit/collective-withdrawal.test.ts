import { describe, expect, it } from 'vitest';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { withdraw } from '../../shared/domain/withdrawal.js';

/**
 * 条例第二十条: a group speaks through the representatives it chose. One
 * member's phone call, or one representative alone, does not end a collective
 * petition for everyone: all the agreed representatives declare it together,
 * in writing or in person, and the record names them.
 */
const named = (...names: string[]): Petitioner[] => names.map((name) => ({ anonymous: false, name }));
const AT = '2026-12-07T02:00:00.000Z';
const meta = { at: AT, actor: 'tonglu-office' };

function collective(representatives: Petitioner[] = named('张建国', '李红梅', '王志强')): Case {
  return {
    caseNumber: '330122-2026-000210',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'visit',
    status: 'inProgress',
    subject: '春江花园业主反映物业挪用维修基金',
    matter: '我们12户业主联名反映春江花园小区物业公司挪用维修基金。',
    petitioner: { anonymous: false, name: '张建国', phone: '13905710001' },
    collective: { headCount: 12, representatives },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-23T02:00:00.000Z',
    registeredAt: '2026-11-23T02:00:05.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-22T16:00:00.000Z' },
    attachments: [],
    version: 6,
    updatedAt: '2026-11-30T02:00:00.000Z',
  };
}

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation);
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('withdrawing a collective petition (集体访)', () => {
  it('is recorded when all its representatives declare it in person, naming them on the withdrawal and its event', () => {
    const { case: done, event } = withdraw(collective(), { how: 'inPerson', note: '物业已退还维修基金，代表共同表示撤回。', representatives: ['王志强', '张建国', ' 李红梅 '] }, meta);
    expect(done.status).toBe('withdrawn');
    expect(done.withdrawal).toMatchObject({ how: 'inPerson', representatives: ['王志强', '张建国', '李红梅'] });
    expect(event.detail).toMatchObject({ how: 'inPerson', representatives: ['王志强', '张建国', '李红梅'] });
  });

  it('is refused by phone, even from every representative', () => {
    expect(refusal(() => withdraw(collective(), { how: 'phone', note: '电话表示撤回', representatives: ['张建国', '李红梅', '王志强'] }, meta))).toMatch(/in writing or in person.*not by phone/);
    expect(refusal(() => withdraw(collective(named('张建国')), { how: 'phone', note: '电话表示撤回', representatives: ['张建国'] }, meta))).toMatch(/not by phone/);
  });

  it('is refused naming who is missing when not every representative declared it', () => {
    expect(refusal(() => withdraw(collective(), { how: 'writing', note: '书面申请撤回', representatives: ['张建国'] }, meta))).toContain('李红梅、王志强 did not declare it (declared: 张建国)');
    expect(refusal(() => withdraw(collective(), { how: 'inPerson', note: '当面表示撤回' }, meta))).toContain('张建国、李红梅、王志强 did not declare it (declared: none named)');
  });

  it('is refused for someone who is not a representative, and while none are agreed', () => {
    expect(refusal(() => withdraw(collective(), { how: 'inPerson', note: '撤回', representatives: ['张建国', '李红梅', '王志强', '赵军'] }, meta))).toContain('赵军 is not a representative of this collective petition (its representatives: 张建国、李红梅、王志强)');
    const waiting = { ...collective([]), collective: { headCount: 48, representatives: [], representativesToAgree: { named: 7 } } };
    expect(refusal(() => withdraw(waiting, { how: 'inPerson', note: '撤回', representatives: ['张建国'] }, meta))).toMatch(/agree them with the group first \(商定代表\)/);
  });

  it('a petition that is not collective names no representatives; its withdrawal by phone stands', () => {
    const { collective: _group, ...single } = collective();
    expect(withdraw(single, { how: 'phone', note: '电话表示不再反映' }, meta).case.status).toBe('withdrawn');
    expect(refusal(() => withdraw(single, { how: 'phone', note: '撤回', representatives: ['张建国'] }, meta))).toMatch(/only a collective petition/);
  });
});
