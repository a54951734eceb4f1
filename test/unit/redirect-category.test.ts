import { describe, expect, it } from 'vitest';
import { decideRoute } from '../../shared/domain/routing/index.js';
import { routedPetition, routingContext, TONGLU } from '../fixtures/routed-petition.js';

/**
 * A 举报 of 违纪违法 belongs to 纪检监察, which is outside the tree: the router
 * does not bounce it back to its writer ("请向纪检监察机关反映", nobody having
 * read it) but leaves it to staff, who forward the material (转送) and tell the
 * petitioner. It is a 检举控告: left 未分类 it is missing from the statistics'
 * 检举控告 column. The router classes it so when nobody has; a class staff gave stands.
 */
describe('a report for the discipline body goes to staff, classed 检举控告', () => {
  const REPORT = '举报富春江镇某村村支书贪污村集体征地补偿款，还公款吃喝。';

  it('is not told to take it elsewhere by the router: it waits on the triage list, classed 检举控告, with what staff are to do', async () => {
    const result = await routedPetition('举报村支书', REPORT);
    expect(result.outcome).toBe('triage');
    expect(result.case).toMatchObject({ status: 'registered', category: 'report' });
    expect(result.events.some((e) => e.type === 'redirected')).toBe(false);
    expect(result.case.triage?.reasons.join(' ')).toContain('请将材料转送纪检监察机关，并告知信访人');
    // Nothing went to the petitioner: no 告知书 telling them to report it again themselves.
    expect(result.outbox.some((m) => m.id.startsWith('decision:') || /redirect/.test(m.id))).toBe(false);
  });

  it('classes a matter of 违纪违法 so even without the word 举报', async () => {
    const result = await routedPetition('村干部问题', '我们村的村主任挪用公款修自家房子，村民都看见了。');
    expect(result.case).toMatchObject({ status: 'registered', category: 'report' });
    expect(result.case.triage).toBeDefined();
  });

  it('keeps the class staff gave', async () => {
    const result = await routedPetition('举报村支书', REPORT, { category: 'complaint' });
    expect(result.case).toMatchObject({ status: 'registered', category: 'complaint' });
    expect(decideRoute({ matter: REPORT, receivingOffice: TONGLU, category: 'complaint' }, routingContext)).not.toHaveProperty('category');
  });

  it('classes a 举报 told to another body by its words, and leaves a complaint there unclassed', () => {
    expect(decideRoute({ matter: '举报桐庐县人民检察院检察官办案时收受当事人礼品。', receivingOffice: TONGLU }, routingContext)).toMatchObject({ kind: 'redirect', category: 'report' });
    const judge = decideRoute({ matter: '法官开庭时态度恶劣，不让我说话。', receivingOffice: TONGLU }, routingContext);
    expect(judge).toMatchObject({ kind: 'redirect', body: '人民法院' });
    expect(judge).not.toHaveProperty('category');
  });

  it('leaves a report to staff whoever wrote it: anonymous, by post or by email', async () => {
    const anonymous = await routedPetition('匿名举报', '匿名来信反映某单位领导公车私用，周末开公车接送孩子。', {}, { channel: 'letter', petitioner: { anonymous: true } });
    expect(anonymous.case).toMatchObject({ status: 'registered', category: 'report' });
    const named = await routedPetition('举报', '反映某单位领导公车私用，周末开公车接送孩子。', {}, { channel: 'letter', petitioner: { anonymous: false, name: '王芳', address: '桐庐县城南街道迎春南路8号' } });
    expect(named.case.status).toBe('registered');
    expect(named.case.triage?.reasons.join(' ')).toContain('检举控告不由系统告知信访人另行反映');
  });

  it('still tells the petitioner the court’s channel: a complaint about a judge is theirs to take there', async () => {
    const judge = await routedPetition('法官', '法官开庭时态度恶劣，不让我说话。');
    expect(judge.case.status).toBe('redirected');
  });
});
