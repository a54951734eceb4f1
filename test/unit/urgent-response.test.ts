import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { urgentAlert, urgentUnansweredAlert, withUrgentResponseOf } from '../../shared/app/intake/letters.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { sweepDueAt } from '../../shared/domain/chase.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { escalateUnansweredUrgent, respondToUrgent, urgentResponseDueAt, withUrgentResponse } from '../../shared/domain/urgent-response.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
// Registered on Friday 4 December 2026 at 10:00 China time.
const AT = '2026-12-04T02:00:00.000Z';

const urgentCase: Case = {
  caseNumber: '330122-2026-000090',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'phone',
  status: 'registered',
  subject: '工地讨薪',
  matter: '工地讨薪工人情绪激动，扬言要跳楼。',
  petitioner: { anonymous: false, name: '李四', phone: '13900001111' },
  urgent: true,
  reviewLevel: 0,
  receivedAt: AT,
  registeredAt: AT,
  registeredBy: 'tonglu-registrar',
  deadlines: { acceptance: '2026-12-19T16:00:00.000Z' },
  attachments: [],
  version: 1,
  updatedAt: AT,
};
const leader: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };
const handler: Actor = { staffId: 'tonglu-hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] };

describe('紧急响应: an urgent alert is to be answered in time', () => {
  it('sets the response time the province configures (30 minutes by default) when the alert goes; none for a matter not urgent, or with 0', () => {
    expect(province.config.defaults.urgentResponseMinutes).toBe(30);
    const c = withUrgentResponseOf(province, urgentCase, AT);
    expect(c.urgentResponse).toEqual({ alertedAt: AT, dueAt: '2026-12-04T02:30:00.000Z', alertedTo: '桐庐县领导' });
    expect(withUrgentResponse({ ...urgentCase, urgent: false }, AT, 30).urgentResponse).toBeUndefined();
    expect(withUrgentResponse(urgentCase, AT, 0).urgentResponse).toBeUndefined();
    // The alert names the time; without one it says 立即.
    expect(urgentAlert(province, c, ['跳楼'])!.text).toContain('请于2026年12月4日 10:30前查看并作出处置安排，并在系统中记录“紧急响应”');
    expect(urgentAlert(province, urgentCase, ['跳楼'])!.text).toContain('请立即查看并作出处置安排');
  });

  it('a leader records what was done, once, with a note; the sweep then has nothing to report', () => {
    const c = withUrgentResponseOf(province, urgentCase, AT);
    expect(allowedActions(leader, c, province.tree)).toContain('respondUrgent');
    expect(allowedActions(handler, { ...c, status: 'assigned', handling: { lead: '330122-hrss', cooperating: [] } }, province.tree)).not.toContain('respondUrgent');
    expect(() => respondToUrgent(c, '  ', { at: AT, actor: leader.staffId })).toThrow(RuleViolation);
    const responded = respondToUrgent(c, '已通知属地街道和派出所赶赴现场', { at: '2026-12-04T02:20:00.000Z', actor: leader.staffId });
    expect(responded.case.urgentResponse).toMatchObject({ respondedAt: '2026-12-04T02:20:00.000Z', respondedBy: 'tonglu-leader-petitions', note: '已通知属地街道和派出所赶赴现场' });
    expect(responded.event).toMatchObject({ type: 'noted', reason: '已通知属地街道和派出所赶赴现场', detail: { urgentResponse: { dueAt: '2026-12-04T02:30:00.000Z' } } });
    expect(urgentResponseDueAt(responded.case)).toBeUndefined();
    expect(allowedActions(leader, responded.case, province.tree)).not.toContain('respondUrgent');
    expect(() => respondToUrgent(responded.case, '再次', { at: AT, actor: leader.staffId })).toThrow(InvalidTransition);
    // After the time, it is recorded as late.
    expect(respondToUrgent(c, '已处置', { at: '2026-12-04T02:45:00.000Z', actor: leader.staffId }).event.detail).toEqual({ urgentResponse: { dueAt: '2026-12-04T02:30:00.000Z', late: true } });
  });

  it('unanswered at the time, the sweep reports it once more, to the leaders and to the office of the level above', () => {
    // Its acceptance clock's next step is days away: the response time is what the sweep looks for next.
    const c = withUrgentResponseOf(province, { ...urgentCase, chase: { clock: 'acceptance', deadline: '2026-12-19T16:00:00.000Z', reminded: [], escalated: [], nextAt: '2026-12-16T01:00:00.000Z' } }, AT);
    expect(sweepDueAt(c)).toBe('2026-12-04T02:30:00.000Z');
    expect(escalateUnansweredUrgent(c, '2026-12-04T02:29:59.000Z', 'system:sweep')).toBeUndefined();
    const escalated = escalateUnansweredUrgent(c, '2026-12-04T02:30:00.000Z', 'system:sweep')!;
    expect(escalated.case.urgentResponse?.escalatedAt).toBe('2026-12-04T02:30:00.000Z');
    expect(escalated.event).toMatchObject({ type: 'noted', detail: { urgentUnanswered: { alertedAt: AT, dueAt: '2026-12-04T02:30:00.000Z' } } });
    expect(escalateUnansweredUrgent(escalated.case, '2026-12-04T03:00:00.000Z', 'system:sweep')).toBeUndefined();
    // Still awaited: a leader may respond late.
    expect(allowedActions(leader, escalated.case, province.tree)).toContain('respondUrgent');

    const report = urgentUnansweredAlert(province, escalated.case)!;
    expect(report).toMatchObject({ id: 'urgent-unanswered:330122-2026-000090', kind: 'urgentAlert' });
    const city = province.jurisdiction('330100');
    expect(report.to).toEqual(expect.arrayContaining([province.jurisdiction('330122').office.mailbox, city.office.mailbox]));
    expect(report.text).toContain('要求于2026年12月4日 10:30前响应，至今未记录处置安排');
    // A leader recused from the case (回避) is not written to; the others and the offices are.
    const recusedLeader = province.staff('tonglu-leader-principal')!.email;
    expect(report.to).toContain(recusedLeader);
    const withRecusal = urgentUnansweredAlert(province, { ...escalated.case, recused: [{ staffId: 'tonglu-leader-principal', reason: '利害关系', at: AT, by: 'tonglu-office' }] })!;
    expect(withRecusal.to).not.toContain(recusedLeader);
    expect(withRecusal.to).toEqual(expect.arrayContaining([province.staff('tonglu-leader-petitions')!.email, city.office.mailbox]));
  });
});

describe('who hears of an urgent matter at once (第二十五条) — never the level a report accuses (第三十条)', () => {
  const emailOf = (id: string) => province.staff(id)!.email;
  const mailbox = (code: string) => province.jurisdiction(code).office.mailbox;

  it('the receiving office’s leaders and office', () => {
    const alert = urgentAlert(province, withUrgentResponseOf(province, urgentCase, AT), ['跳楼'])!;
    expect(alert.to).toEqual([emailOf('tonglu-leader-petitions'), emailOf('tonglu-leader-principal'), mailbox('330122')]);
    expect(alert.text).not.toContain('径报');
  });

  it('a report accusing the county’s principal by name goes to the city’s leaders and office, not to him nor his office; the re-alert climbs from there', () => {
    const accusing = withUrgentResponseOf(province, { ...urgentCase, subject: '举报县长方建华', matter: '县长方建华指使拆迁队强拆我家房屋，现在拆迁队还在现场，我母亲被困在屋里有生命危险，请立即制止！' }, AT);
    const alert = urgentAlert(province, accusing, ['生命危险'])!;
    expect(alert.to).toEqual([emailOf('hz-leader-petitions'), emailOf('hz-leader-principal'), mailbox('330100')]);
    expect(alert.fromName).toBe('杭州市信访局');
    expect(alert.text).toContain('反映事项涉及桐庐县党委政府或其领导，依照《信访工作条例》第三十条径报杭州市，不报桐庐县。');
    const again = urgentUnansweredAlert(province, accusing)!;
    expect(again.to).not.toContain(emailOf('tonglu-leader-principal'));
    expect(again.to).not.toContain(mailbox('330122'));
    expect(again.to).toEqual(expect.arrayContaining([emailOf('hz-leader-petitions'), mailbox('330100'), mailbox('330000')]));
    expect(again.text).toContain('报告杭州市领导');
  });

  it('a township without leaders: the county’s leaders at once, with the township’s and the county’s offices; the re-alert says whom it told', () => {
    const township = withUrgentResponseOf(province, { ...urgentCase, caseNumber: '330122101-2026-000004', jurisdiction: '330122101', receivingOffice: '330122101', subject: '村民扬言自焚', matter: '富春江镇某村村民因宅基地纠纷扬言要在镇政府门口自焚。' }, AT);
    const alert = urgentAlert(province, township, ['自焚'])!;
    expect(alert.to).toEqual([emailOf('tonglu-leader-petitions'), emailOf('tonglu-leader-principal'), mailbox('330122101'), mailbox('330122')]);
    expect(alert.text).toContain('富春江镇未设可报告的领导，径报桐庐县领导。');
    expect(alert.text).toContain('富春江镇社会治理中心（信访办）于2026年12月4日 10:00收到');
    const again = urgentUnansweredAlert(province, township)!;
    expect(again.text).toContain('报告桐庐县领导');
    // Whom the alert told is kept: the re-alert says so however the case moved since.
    expect(urgentUnansweredAlert(province, { ...township, jurisdiction: '330122', receivingOffice: '330122' })!.text).toContain('报告桐庐县领导');
    expect(urgentUnansweredAlert(province, { ...township, urgentResponse: { ...township.urgentResponse!, alertedTo: '杭州市领导' } })!.text).toContain('报告杭州市领导');
    expect(again.to).toEqual(expect.arrayContaining([emailOf('hz-leader-petitions'), mailbox('330100')]));
  });

  it('a township’s report naming a county leader by name climbs past the county it accuses', () => {
    const township = withUrgentResponseOf(province, { ...urgentCase, caseNumber: '330122101-2026-000005', jurisdiction: '330122101', receivingOffice: '330122101', subject: '举报方建华', matter: '方建华指使拆迁队强拆，我母亲被困屋内有生命危险。' }, AT);
    const alert = urgentAlert(province, township, ['生命危险'])!;
    expect(alert.to).not.toContain(emailOf('tonglu-leader-principal'));
    expect(alert.to).not.toContain(emailOf('tonglu-leader-petitions'));
    expect(alert.to).not.toContain(mailbox('330122'));
    expect(alert.to).toEqual(expect.arrayContaining([emailOf('hz-leader-petitions'), mailbox('330100')]));
  });
});

