import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { decideRoute, routingContextFrom, type RoutingInput } from '../../shared/domain/routing/index.js';
import { placeByTerritory } from '../../shared/domain/routing/territory-first.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const context = routingContextFrom(province.config, province.tree);

/** What the router does with a petition the departmental rules leave to staff. */
function placed(input: RoutingInput) {
  const decision = decideRoute(input, context);
  if (decision.kind !== 'triage') throw new Error(`expected a triage decision, got ${decision.kind}`);
  return placeByTerritory(input, decision, context);
}

const UNCLEAR = '我家门口的问题拖了很久一直没人管，多次反映没有结果，请领导重视。';

describe('territory first (属地管理、分级负责)', () => {
  it('a city office hands a 桐庐县 matter whose department is not certain to 桐庐县’s petitions office, with the reasons', () => {
    const decision = placed({ matter: UNCLEAR, petitioner: { address: '桐庐县城南街道迎春路8号' }, receivingOffice: '330100' });
    expect(decision).toMatchObject({ kind: 'handDown', to: '330122' });
    expect(decision!.reasons.join(' ')).toMatch(/属地管理、分级负责：事项发生在杭州市（330100）下辖的桐庐县（330122）.*转桐庐县信访部门分办/);
  });

  it('the province hands a township’s matter to the city first, the city to the county, the county to the township', () => {
    const input = { matter: UNCLEAR, incidentAddress: '桐庐县富春江镇富春路', receivingOffice: '330000' };
    expect(placed(input)).toMatchObject({ kind: 'handDown', to: '330100' });
    expect(placed({ ...input, receivingOffice: '330100', jurisdiction: '330100' })).toMatchObject({ kind: 'handDown', to: '330122' });
    expect(placed({ ...input, receivingOffice: '330100', jurisdiction: '330122' })).toMatchObject({ kind: 'handDown', to: '330122101' });
    // At the township itself there is nowhere lower: its own triage list.
    expect(placed({ ...input, receivingOffice: '330100', jurisdiction: '330122101' })).toBeUndefined();
  });

  it('hands nothing down to a township office with nobody in the system to triage it: the county keeps it on its own list', () => {
    // 富春江镇 has its petitions office staff in the system; 千岛湖镇 has none.
    const input = { matter: UNCLEAR, incidentAddress: '淳安县千岛湖镇新安东路', receivingOffice: '330100', jurisdiction: '330127' };
    expect(context.officeStaffed!('330122101')).toBe(true);
    expect(context.officeStaffed!('330127100')).toBe(false);
    expect(placed(input)).toBeUndefined();
    // A configuration with no staff at all names nobody: every office is taken to be staffed.
    const unstaffed = routingContextFrom({ ...province.config, staff: [] }, province.tree);
    expect(unstaffed.officeStaffed!('330127100')).toBe(true);
  });

  it('a matter at the office’s own level stays in its triage list', () => {
    expect(placed({ matter: UNCLEAR, receivingOffice: '330100' })).toBeUndefined();
  });

  it('a township without the department in charge sends land to the county’s unit of that department', () => {
    const decision = placed({ subject: '反映宅基地被违法占地', matter: '千岛湖镇某村村民在我家宅基地上违法占地建房，村里不管。', receivingOffice: '330127100' });
    expect(decision).toMatchObject({ kind: 'transferUp', jurisdiction: '330127', unit: '330127-natural-resources' });
    expect(decision!.reasons.join(' ')).toMatch(/千岛湖镇（330127100）没有自然资源（国土）部门的单位/);
  });

  it('transfers up only to a unit with someone in the system to conclude the case, else the township keeps it', () => {
    // No education unit at 富春江镇; 桐庐县教育局 and 杭州市教育局 have nobody in the demo.
    const input = { subject: '学校乱收费', matter: '镇中心小学以补课为名乱收费，每学期另收学费八百元。', receivingOffice: '330122101' };
    expect(placed(input)).toBeUndefined();
    // With a handler at the city's bureau, the case goes there, past the county's empty one.
    const handler = { name: '葛一帆', jurisdiction: '330100', unit: '330100-education', roles: ['handler'] };
    const staffed = routingContextFrom({ ...province.config, staff: [...province.config.staff, handler] }, province.tree);
    const triaged = decideRoute(input, staffed);
    if (triaged.kind !== 'triage') throw new Error(`expected a triage decision, got ${triaged.kind}`);
    const decision = placeByTerritory(input, triaged, staffed);
    expect(decision).toMatchObject({ kind: 'transferUp', jurisdiction: '330100', unit: '330100-education' });
    // Units are named as staff know them, and a triage reason the transfer answers is not said as well.
    expect(decision!.reasons.at(-1)).toContain('主管单位为杭州市（330100）的杭州市教育局（桐庐县教育局在系统中没有工作人员）：转该单位办理');
    expect(decision!.reasons.join(' ')).not.toContain('请人工分办');
  });

  it('sends no unit an email whose only words are its subject: it stays on the township’s own triage list', () => {
    for (const matter of ['（正文为空，见附件）', '（空白邮件）']) {
      expect(placed({ subject: '反映宅基地被违法占地', matter, receivingOffice: '330127100' })).toBeUndefined();
    }
  });

  it('does not hand a report down below the level of a unit it accuses: the county keeps a report against its own bureau', () => {
    const input = { matter: UNCLEAR, incidentAddress: '桐庐县富春江镇富春路', receivingOffice: '330100', accusedUnits: ['330122-hrss'] };
    // The city may still hand it to the county, the accused bureau's own level…
    expect(placed(input)).toMatchObject({ kind: 'handDown', to: '330122' });
    // …which does not pass it on to a township below its bureau.
    expect(placed({ ...input, jurisdiction: '330122' })).toBeUndefined();
    // Without the accusation it would go on down.
    expect(placed({ ...input, accusedUnits: [], jurisdiction: '330122' })).toMatchObject({ kind: 'handDown', to: '330122101' });
  });

  it('keeps an urgent matter with the office whose leaders were alerted, instead of a triage list below', () => {
    const input = { matter: UNCLEAR, incidentAddress: '桐庐县富春江镇富春路', receivingOffice: '330122' };
    expect(placed(input)).toMatchObject({ kind: 'handDown', to: '330122101' });
    expect(placed({ ...input, urgent: true })).toBeUndefined();
  });

  it('never transfers up to a unit the report accuses', () => {
    const input = { subject: '反映宅基地被违法占地', matter: '千岛湖镇某村村民在我家宅基地上违法占地建房，村里不管。', receivingOffice: '330127100', accusedUnits: ['330127-natural-resources'] };
    expect(placed(input)).toBeUndefined();
  });
});
