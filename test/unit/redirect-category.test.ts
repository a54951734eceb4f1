import { describe, expect, it } from 'vitest';
import { decideRoute } from '../../shared/domain/routing/index.js';
import { routedPetition, routingContext, TONGLU } from '../fixtures/routed-petition.js';

/**
 * A 举报 the router tells the petitioner to take to 纪检监察 is a 检举控告:
 * left 未分类 it is missing from the statistics' 检举控告 column. The router
 * classes it so when nobody has; a class staff gave stands.
 */
describe('a report redirected to the discipline body is classed 检举控告', () => {
  const REPORT = '举报富春江镇某村村支书贪污村集体征地补偿款，还公款吃喝。';

  it('classes the redirected case 检举控告 and says why', async () => {
    const result = await routedPetition('举报村支书', REPORT);
    expect(result.outcome).toBe('redirect');
    expect(result.case).toMatchObject({ status: 'redirected', category: 'report' });
    const redirected = result.events.find((e) => e.type === 'redirected')!;
    expect(redirected.detail).toMatchObject({ toBody: '纪检监察机关', category: 'report' });
    expect(result.events.flatMap((e) => (e.detail?.reasons as string[] | undefined) ?? []).join(' ')).toContain('类别：检举控告（纪检监察机关受理的事项）');
  });

  it('classes a matter of 违纪违法 so even without the word 举报', async () => {
    const result = await routedPetition('村干部问题', '我们村的村主任挪用公款修自家房子，村民都看见了。');
    expect(result.case).toMatchObject({ status: 'redirected', category: 'report' });
  });

  it('keeps the class staff gave', async () => {
    const result = await routedPetition('举报村支书', REPORT, { category: 'complaint' });
    expect(result.case).toMatchObject({ status: 'redirected', category: 'complaint' });
    expect(decideRoute({ matter: REPORT, receivingOffice: TONGLU, category: 'complaint' }, routingContext)).not.toHaveProperty('category');
  });

  it('classes a 举报 told to another body by its words, and leaves a complaint there unclassed', () => {
    expect(decideRoute({ matter: '举报桐庐县人民检察院检察官办案时收受当事人礼品。', receivingOffice: TONGLU }, routingContext)).toMatchObject({ kind: 'redirect', category: 'report' });
    const judge = decideRoute({ matter: '法官开庭时态度恶劣，不让我说话。', receivingOffice: TONGLU }, routingContext);
    expect(judge).toMatchObject({ kind: 'redirect', body: '人民法院' });
    expect(judge).not.toHaveProperty('category');
  });

  it('leaves an anonymous letter’s report to staff to forward (转送), since nobody can be told where to take it', async () => {
    const result = await routedPetition('匿名举报', '匿名来信反映某单位领导公车私用，周末开公车接送孩子。', {}, { channel: 'letter', petitioner: { anonymous: true } });
    expect(result.outcome).not.toBe('redirect');
    expect(result.case.status).toBe('registered');
    expect(result.case.triage?.reasons.join(' ')).toContain('匿名信访，无法告知信访人向纪检监察机关提出：请将材料转送纪检监察机关');
    // A named writer who left a postal address is told by post, as before.
    const named = await routedPetition('举报', '反映某单位领导公车私用，周末开公车接送孩子。', {}, { channel: 'letter', petitioner: { anonymous: false, name: '王芳', address: '桐庐县城南街道迎春南路8号' } });
    expect(named.case.status).toBe('redirected');
    // A name and nothing else: no letter can reach them either.
    const nameOnly = await routedPetition('举报', '反映某单位领导公车私用，周末开公车接送孩子。', {}, { channel: 'letter', petitioner: { anonymous: false, name: '王芳' } });
    expect(nameOnly.case.triage?.reasons.join(' ')).toContain('信访人未留联系方式');
  });
});
