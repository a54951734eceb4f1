import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { escalationRecipients, reminderRecipients } from '../../shared/app/sweep/recipients.js';
import type { Case } from '../../shared/domain/case.js';
import { ESCALATION_STEPS } from '../../shared/domain/department.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);

const base: Case = {
  caseNumber: '330122-2026-000900',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  matter: '楼顶漏水。',
  petitioner: { anonymous: false, name: '张伟' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-10-01T02:00:00.000Z',
  registeredAt: '2026-10-01T02:00:00.000Z',
  registeredBy: 'tonglu-registrar',
  handling: { lead: '330122-housing', cooperating: [] },
  owner: 'tonglu-housing-handler',
  deadlines: { handling: '2026-11-30T16:00:00.000Z' },
  attachments: [],
  version: 3,
  updatedAt: '2026-10-02T02:00:00.000Z',
};

const chain = (c: Case) => Object.fromEntries(ESCALATION_STEPS.map((step) => [step, escalationRecipients(province, c, step).map((r) => r.email)]));

describe('who the sweep writes to', () => {
  it('climbs from the official who owns the case to the level above, for a case in a unit', () => {
    expect(chain(base)).toEqual({
      handlingOfficial: ['wang.xiaoyan@tonglu.petitions.example'],
      unitHead: ['yu.zhiming@tonglu.petitions.example'],
      petitionsOffice: ['xinfang@tonglu.petitions.example'],
      leaderInCharge: ['chen.haiyan@tonglu.petitions.example'],
      principalLeader: ['fang.jianhua@tonglu.petitions.example'],
      higherJurisdiction: ['xinfang@hz.petitions.example'],
    });
    expect(reminderRecipients(province, base).map((r) => r.email)).toEqual(['housing@tonglu.petitions.example', 'wang.xiaoyan@tonglu.petitions.example']);
  });

  it('a case forwarded (转送) to another county starts with that county’s office, not the registrar who is no longer its', () => {
    const forwarded: Case = { ...base, status: 'registered', jurisdiction: '330127', handling: undefined, owner: undefined } as Case;
    expect(chain(forwarded).handlingOfficial).toEqual([province.jurisdiction('330127').office.mailbox]);
  });

  it('before a unit has the case, starts with the registrar (首问责任制) and has no unit head', () => {
    const registered: Case = { ...base, status: 'registered', handling: undefined, owner: undefined } as Case;
    const steps = chain(registered);
    expect(steps.handlingOfficial).toEqual([province.staff('tonglu-registrar')!.email]);
    expect(steps.unitHead).toEqual([]);
    expect(reminderRecipients(province, registered).map((r) => r.email)).toEqual(['xinfang@tonglu.petitions.example']);
  });

  it('registered by a leader receiving a visitor (接待日): the office is its 承办人, not the leader', () => {
    const received: Case = { ...base, status: 'registered', handling: undefined, owner: undefined, registeredBy: 'tonglu-leader-principal' } as Case;
    expect(chain(received).handlingOfficial).toEqual(['xinfang@tonglu.petitions.example']);
  });

  it('while the city reviews the decision (复查), chases the city: its office, its leaders, then the province', () => {
    const underReview: Case = {
      ...base,
      status: 'underReview',
      reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-12-01T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }],
      deadlines: { ...base.deadlines, reviewDecision: '2026-12-31T16:00:00.000Z' },
    };
    expect(chain(underReview)).toEqual({
      handlingOfficial: ['xinfang@hz.petitions.example'],
      unitHead: [],
      petitionsOffice: ['xinfang@hz.petitions.example'],
      leaderInCharge: ['zhao.hongmei@hz.petitions.example'],
      principalLeader: ['yang.guangming@hz.petitions.example'],
      higherJurisdiction: ['xinfang@zj.petitions.example'],
    });
    expect(reminderRecipients(province, underReview).map((r) => r.email)).toEqual(['xinfang@hz.petitions.example']);
  });

  it('chases the office, not a lead unit the report has since come to accuse (条例第三十条)', () => {
    const accusing: Case = { ...base, accusedUnits: ['330122-housing'] };
    expect(reminderRecipients(province, accusing).map((r) => r.email)).toEqual(['xinfang@tonglu.petitions.example']);
    expect(chain(accusing)).toMatchObject({
      handlingOfficial: ['xinfang@tonglu.petitions.example'],
      unitHead: [],
      petitionsOffice: ['xinfang@tonglu.petitions.example'],
    });
  });
});
