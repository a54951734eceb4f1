import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { representativesLetters } from '../../shared/app/intake/representatives.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { detectCollective } from '../../shared/domain/mail/collective.js';
import { agreeRepresentatives, representativeContactsOf } from '../../shared/domain/representatives.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const AT = '2026-11-24T02:00:00.000Z';
const TEXT = '我们48户业主联名反映春江花园小区物业公司挪用维修基金。代表：张建国、李红梅、王志强、刘秀英、陈伟、杨丽、赵军';

function collectiveCase(): Case {
  return {
    caseNumber: '330122-2026-000210',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'registered',
    subject: '业主联名反映物业挪用维修基金',
    matter: TEXT,
    petitioner: { anonymous: false, name: '张建国', email: 'zhangjianguo@qq.example' },
    collective: detectCollective(TEXT)!,
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-23T02:00:00.000Z',
    registeredAt: '2026-11-23T02:00:05.000Z',
    registeredBy: 'system:intake',
    deadlines: { acceptance: '2026-12-08T16:00:00.000Z' },
    attachments: [],
    version: 2,
    updatedAt: '2026-11-23T02:01:00.000Z',
  };
}

const named = (...names: string[]): Petitioner[] => names.map((name) => ({ anonymous: false, name }));

describe('条例 第二十条: at most 5 representatives', () => {
  it('a petition naming 7 is registered with none, and both the petitioner and the office are told the rule', () => {
    const c = collectiveCase();
    expect(c.collective).toEqual({ headCount: 48, representatives: [], representativesToAgree: { named: 7 } });
    const [toOffice, toPetitioner] = representativesLetters(province, c, '<m1@qq.example>');
    expect(toOffice).toMatchObject({ to: ['xinfang@tonglu.petitions.example'], subject: expect.stringContaining('请商定代表') });
    expect(toOffice!.text).toContain('《信访工作条例》第二十条');
    expect(toPetitioner).toMatchObject({ to: ['zhangjianguo@qq.example'], inReplyTo: '<m1@qq.example>' });
    expect(toPetitioner!.text).toMatch(/列出代表7人.*代表人数不超过5人.*请推选不超过5名代表/s);
    expect(representativesLetters(province, { ...c, collective: { headCount: 48, representatives: named('张建国') } })).toEqual([]);
  });

  it('the office agrees up to 5 with the group; the request to agree is then answered', () => {
    const c = collectiveCase();
    expect(allowedActions(office, c, province.tree)).toContain('agreeRepresentatives');
    const { case: agreed, event } = agreeRepresentatives(c, named('张建国', '李红梅', '王志强'), { at: AT, actor: 'tonglu-office' });
    expect(agreed.collective).toEqual({ headCount: 48, representatives: named('张建国', '李红梅', '王志强') });
    expect(event).toMatchObject({ type: 'noted', detail: { representativesAgreed: 3, rule: '第二十条' } });
  });

  it('refuses 6, none, an anonymous one, or a petition that is not collective', () => {
    const c = collectiveCase();
    expect(() => agreeRepresentatives(c, named('甲一', '乙二', '丙三', '丁四', '戊五', '己六'), { at: AT, actor: 'tonglu-office' })).toThrow(/第二十条/);
    expect(() => agreeRepresentatives(c, [], { at: AT, actor: 'tonglu-office' })).toThrow(RuleViolation);
    expect(() => agreeRepresentatives(c, [{ anonymous: true }], { at: AT, actor: 'tonglu-office' })).toThrow(RuleViolation);
    const { collective: _c, ...single } = c;
    expect(() => agreeRepresentatives(single, named('张建国'), { at: AT, actor: 'tonglu-office' })).toThrow(InvalidTransition);
    expect(allowedActions(office, single, province.tree)).not.toContain('agreeRepresentatives');
  });
});

describe('representativeContactsOf: the contacts a collective petition is found by, beside its petitioner’s', () => {
  it('normalises each representative’s phone and email as a petitioner’s are, each once, and gives none without representatives', () => {
    const c = collectiveCase();
    expect(representativeContactsOf(c)).toEqual([]);
    const { case: agreed } = agreeRepresentatives(
      c,
      [
        { anonymous: false, name: '张建国', phone: '+86 137 0000 4441', email: 'ZhangJG@QQ.example' },
        { anonymous: false, name: '李红梅', phone: '137-0000-4441' },
        { anonymous: false, name: '王志强' },
      ],
      { at: AT, actor: 'tonglu-office' },
    );
    expect(representativeContactsOf(agreed)).toEqual(['email:zhangjg@qq.example', 'phone:13700004441']);
    expect(representativeContactsOf({ collective: undefined })).toEqual([]);
  });
});
