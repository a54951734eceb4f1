import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed, importApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * A case number staff wrote into a result reaches two kinds of reader
 * (docs/domain.md "Confidentiality and accountability"; 条例 第三十条):
 * staff who read the letter — its draft (审核签发) or the page printed for
 * post — see 另案 for a case they may not read, as in a reason; the
 * petitioner, who is sent it, sees the number of their own earlier case (it
 * is theirs) but never that of a case not theirs — here a report against
 * them, which the city holds.
 */

// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => serve());

const OWN_EARLIER = '330100-2026-000004';
const REPORT = '330100-2026-000005';
const NUMBER = '330122-2026-000007';

const stored = (c: Case) => table.set(keyOf(caseItem(c)), caseItem(c));
const cityCase = (caseNumber: string, petitioner: Case['petitioner'], matter: string): Case =>
  ({
    caseNumber,
    jurisdiction: '330100',
    receivingOffice: '330100',
    channel: 'letter',
    status: 'accepted',
    matter,
    petitioner,
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-10T01:00:00.000Z',
    registeredAt: '2026-10-10T01:00:00.000Z',
    registeredBy: 'hz-registrar',
    deadlines: {},
    attachments: [],
    version: 2,
    updatedAt: '2026-10-10T01:00:00.000Z',
  }) as Case;

const FACTS = `经查，您反映的问题与 ${OWN_EARLIER} 为同一事项；物业公司负责人被他人举报一事（${REPORT}）另行处理。`;
const concluded = (petitioner: Case['petitioner']): Case =>
  ({
    caseNumber: NUMBER,
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'concluded',
    subject: '楼顶漏水',
    matter: '反映城南小区楼顶漏水三个月无人维修。',
    petitioner,
    urgent: false,
    reviewLevel: 0,
    handling: { lead: '330122-housing', cooperating: [] },
    receivedAt: '2026-11-20T01:15:00.000Z',
    registeredAt: '2026-11-20T01:20:00.000Z',
    registeredBy: 'tonglu-registrar',
    acceptedAt: '2026-11-21T01:00:00.000Z',
    deadlines: { handling: '2027-01-19T16:00:00.000Z', reply: '2026-12-10T16:00:00.000Z' },
    result: {
      facts: FACTS,
      basis: '《物业管理条例》第五十五条',
      decision: '责成物业公司于2026年12月20日前完成楼顶防水维修。',
      outcome: 'partlySupported',
      concludedAt: '2026-12-04T02:00:00.000Z',
      concludedBy: 'tonglu-housing-handler',
      unit: '330122-housing',
    },
    firstConclusion: { at: '2026-12-04T02:00:00.000Z', handlingDeadline: '2027-01-19T16:00:00.000Z', outcome: 'partlySupported' },
    attachments: [],
    version: 8,
    updatedAt: '2026-12-04T02:00:00.000Z',
  }) as Case;

const BY_EMAIL = { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } as Case['petitioner'];
const BY_POST = { anonymous: false, name: '张伟', address: '桐庐县城南街道迎春路8号', phone: '13800001111' } as Case['petitioner'];

function setUp(petitioner: Case['petitioner']) {
  // Their own earlier petition to the city (the same contact), and a neighbour's report against them.
  stored(cityCase(OWN_EARLIER, petitioner, '楼顶漏水，物业不修。'));
  stored(cityCase(REPORT, { anonymous: false, name: '李敏', phone: '13900002222' } as Case['petitioner'], '举报城南小区物业负责人张伟私自挪用维修基金。'));
  stored(concluded(petitioner));
}

const reply = () => invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler' });
const storedLetters = () =>
  [...table.values()]
    .filter((item) => item.entity === 'message' && item.pk === `CASE#${NUMBER}`)
    .map((item) => unpacked(item) as unknown as { kind?: string; subject: string; text: string });

describe('case numbers in the decision letter', () => {
  it('the unit’s draft shows 另案 for the city’s cases it may not read', async () => {
    setUp(BY_EMAIL);
    const draft = await invoke({ method: 'GET', path: `/cases/${NUMBER}/decision-letter/draft`, staffId: 'tonglu-housing-handler' });
    expect(draft.status).toBe(200);
    expect(draft.body.text).toContain('经查，您反映的问题与 另案 为同一事项');
    expect(JSON.stringify(draft.body)).not.toContain(OWN_EARLIER);
    expect(JSON.stringify(draft.body)).not.toContain(REPORT);
  });

  it('the petitioner’s email names their own earlier case, and not the report against them', async () => {
    setUp(BY_EMAIL);
    expect((await reply()).status).toBe(200);
    const sent = outboxMessages([...table.values()]).find((m) => m.queue === 'notify' && m.body.to.includes('zhangwei@163.example'))!;
    expect(sent.body.text).toContain(`经查，您反映的问题与 ${OWN_EARLIER} 为同一事项`);
    expect(sent.body.text).toContain('被他人举报一事（另案）另行处理');
    expect(sent.body.text).not.toContain(REPORT);
    // The copy kept on the case is the letter sent.
    const kept = storedLetters().find((m) => m.kind === 'decisionLetter')!;
    expect(kept.text).toBe(sent.body.text);
  });

  it('printed for post: the unit’s page shows 另案 for the city’s case; the city’s names it; neither names the report', async () => {
    setUp(BY_POST);
    expect((await reply()).status).toBe(200);
    const page = async (staffId: string) => {
      const answer = await (await importApiHandler('ERROR'))(httpEvent({ method: 'GET', path: `/cases/${NUMBER}/decision-letter`, staffId }), lambdaContext);
      expect(answer.statusCode).toBe(200);
      return answer.body ?? '';
    };
    const unit = await page('tonglu-housing-handler');
    expect(unit).toContain('经查，您反映的问题与 另案 为同一事项');
    expect(unit).not.toContain(OWN_EARLIER);
    const city = await page('hz-office');
    expect(city).toContain(`经查，您反映的问题与 ${OWN_EARLIER} 为同一事项`);
    for (const text of [unit, city]) expect(text).not.toContain(REPORT);
  });
});
