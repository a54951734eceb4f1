import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ConfigIssue } from '../../shared/config/province-references.js';
import { ConfigError, loadProvinceConfig, parseProvinceConfig, type Province } from '../../shared/config/province.js';
import type { DepartmentKind } from '../../shared/domain/department.js';

const DEMO_PATH = fileURLToPath(new URL('../../config/province.yaml', import.meta.url));
const DEMO_TEXT = readFileSync(DEMO_PATH, 'utf8');

/** The parts of the raw (unvalidated) YAML the tests change. */
interface RawUnit {
  id: string;
  mailbox: string;
  head?: string;
}
interface RawJurisdiction {
  code: string;
  level: string;
  parent?: string;
  office: { name: string; mailbox?: string; mailbx?: string; phone?: string };
  units: RawUnit[];
  leadership: { principal?: string; inChargeOfPetitions?: string };
}
interface RawStaff {
  id: string;
  jurisdiction: string;
  unit?: string;
  roles: string[];
}
interface RawConfig {
  defaults: Record<string, unknown>;
  jurisdictions: RawJurisdiction[];
  staff: RawStaff[];
}

const demoRaw = parseYaml(DEMO_TEXT) as RawConfig;

/** Index of a jurisdiction in the demo file, so paths don't depend on its order. */
function at(code: string): number {
  const index = demoRaw.jurisdictions.findIndex((j) => j.code === code);
  if (index < 0) throw new Error(`demo has no jurisdiction ${code}`);
  return index;
}
function unitAt(code: string, unitId: string): number {
  const index = demoRaw.jurisdictions[at(code)]!.units.findIndex((u) => u.id === unitId);
  if (index < 0) throw new Error(`demo has no unit ${unitId} in ${code}`);
  return index;
}
function staffAt(id: string): number {
  const index = demoRaw.staff.findIndex((s) => s.id === id);
  if (index < 0) throw new Error(`demo has no staff member ${id}`);
  return index;
}

/** Clones the demo, applies one mistake, and returns the issues the refusal lists. */
function refusedWith(mistake: (config: RawConfig) => void): ConfigIssue[] {
  const config = structuredClone(demoRaw);
  mistake(config);
  return issuesOf(() => parseProvinceConfig(config, 'test configuration'));
}

function issuesOf(load: () => Province): ConfigIssue[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the configuration to be refused, but it loaded');
}

const issue = (path: string, fragment: string) => ({ path, message: expect.stringContaining(fragment) });

const TONGLU = '330122';
const CHUNAN = '330127';
const HANGZHOU = '330100';
const HUZHOU = '330500';
const FUCHUNJIANG = '330122101';

describe('the demo province configuration (config/province.yaml)', () => {
  let province: Province;
  beforeAll(() => {
    province = loadProvinceConfig(DEMO_PATH);
  });

  it('loads as 浙江省 with a single root', () => {
    expect(province.config.province).toEqual({ code: '330000', name: '浙江省' });
    const roots = province.tree.all().filter((j) => j.parent === undefined);
    expect(roots.map((j) => j.code)).toEqual(['330000']);
  });

  it('has at least two cities, each with two counties, each with two townships', () => {
    const cities = province.tree.children('330000');
    expect(cities.map((c) => c.code)).toEqual(expect.arrayContaining([HANGZHOU, HUZHOU]));
    expect(cities.length).toBeGreaterThanOrEqual(2);
    for (const city of cities) {
      expect(city.level).toBe('city');
      const counties = province.tree.children(city.code);
      expect(counties.length, city.name).toBeGreaterThanOrEqual(2);
      for (const county of counties) {
        expect(county.level).toBe('county');
        const townships = province.tree.children(county.code);
        expect(townships.length, county.name).toBeGreaterThanOrEqual(2);
        for (const township of townships) {
          expect(township.level).toBe('township');
          expect(township.code).toMatch(new RegExp(`^${county.code}\\d{3}$`));
        }
      }
    }
  });

  it('uses the verified division codes and names (统计用区划代码)', () => {
    const names = Object.fromEntries(province.tree.all().map((j) => [j.code, j.name]));
    expect(names).toEqual({
      '330000': '浙江省',
      '330100': '杭州市',
      '330122': '桐庐县',
      '330122101': '富春江镇',
      '330122109': '分水镇',
      '330127': '淳安县',
      '330127100': '千岛湖镇',
      '330127103': '临岐镇',
      '330500': '湖州市',
      '330521': '德清县',
      '330521102': '新市镇',
      '330521115': '莫干山镇',
      '330522': '长兴县',
      '330522111': '泗安镇',
      '330522112': '煤山镇',
    });
  });

  it('gives every province, city and county at least six units covering the main departments, with heads and leaders', () => {
    const required: DepartmentKind[] = [
      'housing',
      'naturalResources',
      'humanResourcesSocialSecurity',
      'ecologyEnvironment',
      'health',
      'marketRegulation',
    ];
    const upper = province.tree.all().filter((j) => j.level !== 'township');
    expect(upper).toHaveLength(7);
    for (const j of upper) {
      expect(j.units.length, j.name).toBeGreaterThanOrEqual(6);
      expect(j.units.map((u) => u.department), j.name).toEqual(expect.arrayContaining(required));
      for (const kind of ['housing', 'humanResourcesSocialSecurity'] as const) {
        const unit = j.units.find((u) => u.department === kind)!;
        expect(unit.head, `${j.name} ${kind} head`).toBeDefined();
        expect(province.staff(unit.head!)?.roles).toContain('unitHead');
      }
      expect(j.leadership.principal, j.name).toBeDefined();
      expect(j.leadership.inChargeOfPetitions, j.name).toBeDefined();
      expect(j.leadership.principal).not.toBe(j.leadership.inChargeOfPetitions);
      const staffHere = province.allStaff().filter((s) => s.jurisdiction === j.code);
      expect(staffHere.some((s) => s.roles.includes('registrar')), `${j.name} registrar`).toBe(true);
      expect(staffHere.some((s) => s.roles.includes('petitionsOffice')), `${j.name} office`).toBe(true);
      expect(staffHere.some((s) => s.roles.includes('handler') && s.unit !== undefined), `${j.name} handler`).toBe(true);
    }
    for (const township of province.tree.all().filter((j) => j.level === 'township')) {
      expect(township.units.length, township.name).toBeGreaterThanOrEqual(2);
    }
    expect(province.allStaff().filter((s) => s.roles.includes('administrator')).map((s) => s.jurisdiction)).toEqual(['330000']);
  });

  it('uses only reserved .example mail domains', () => {
    const addresses = [
      province.config.mail.from,
      ...province.tree.all().flatMap((j) => [j.office.mailbox, ...j.units.map((u) => u.mailbox)]),
      ...province.allStaff().map((s) => s.email),
    ];
    for (const address of addresses) expect(address).toMatch(/@([a-z0-9-]+\.)*petitions\.example$/);
    expect(province.mailboxOwnerOf(province.config.mail.from)).toBeUndefined();
  });

  it('spells out the default time limits, the phone/visit practice and 淳安县 override', () => {
    const defaults = province.config.defaults;
    expect(defaults.timeLimits.handling).toEqual({ days: 60, count: 'calendar' });
    expect(defaults.timeLimits.acceptance).toEqual({ days: 15, count: 'calendar' });
    expect(defaults.byChannel.phone?.handling).toEqual({ days: 7, count: 'working' });
    expect(defaults.byChannel.visit?.handling).toEqual({ days: 7, count: 'working' });
    expect(province.timeLimitsFor(CHUNAN).jurisdiction).toEqual({ handling: { days: 30, count: 'calendar' } });
    expect(province.timeLimitsFor(TONGLU).jurisdiction).toBeUndefined();
    expect(province.timeLimitsFor(TONGLU).base.handling).toEqual({ days: 60, count: 'calendar' });
  });

  it('routes the usual Chinese keywords to the department in charge', () => {
    const kindOf = (word: string) => province.config.defaults.routingRules.find((r) => r.keywords.includes(word))?.department;
    expect(kindOf('拆迁')).toBe('housing');
    expect(kindOf('物业')).toBe('housing');
    expect(kindOf('欠薪')).toBe('humanResourcesSocialSecurity');
    expect(kindOf('养老保险')).toBe('humanResourcesSocialSecurity');
    expect(kindOf('宅基地')).toBe('naturalResources');
    expect(kindOf('排污')).toBe('ecologyEnvironment');
    expect(kindOf('医疗纠纷')).toBe('health');
    expect(kindOf('食品安全')).toBe('marketRegulation');
    expect(kindOf('学费')).toBe('education');
    expect(kindOf('低保')).toBe('civilAffairs');
    expect(kindOf('交通')).toBe('transport');
  });

  it('maps office and unit mailboxes to their owner, case-insensitively', () => {
    expect(province.mailboxOwnerOf('XinFang@Tonglu.Petitions.EXAMPLE')).toEqual({ jurisdiction: TONGLU });
    expect(province.mailboxOwnerOf('HOUSING@tonglu.petitions.example')).toEqual({ jurisdiction: TONGLU, unit: '330122-housing' });
    expect(province.mailboxOwnerOf('xinfang@fuchunjiang.tonglu.petitions.example')).toEqual({ jurisdiction: FUCHUNJIANG });
    expect(province.mailboxOwnerOf('nobody@tonglu.petitions.example')).toBeUndefined();
  });

  it('knows what lies within what', () => {
    expect(province.tree.isWithin(FUCHUNJIANG, HANGZHOU)).toBe(true);
    expect(province.tree.isWithin(FUCHUNJIANG, '330000')).toBe(true);
    expect(province.tree.isWithin(HANGZHOU, FUCHUNJIANG)).toBe(false);
    expect(province.tree.isWithin(FUCHUNJIANG, HUZHOU)).toBe(false);
    expect(province.tree.ancestors(FUCHUNJIANG).map((j) => j.code)).toEqual([TONGLU, HANGZHOU, '330000']);
  });
});

describe('a configuration with a mistake is refused with the path and the reason', () => {
  it('a misspelt key', () => {
    const issues = refusedWith((c) => {
      const office = c.jurisdictions[at(TONGLU)]!.office;
      office.mailbx = office.mailbox;
      delete office.mailbox;
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].office`, 'mailbx'));
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].office.mailbox`, 'required'));
  });

  it('an office’s own acknowledgement promising a decision by {{acceptanceDeadline}} without {{nextStep}}: a petition accepted at registration would be told it is still to be decided', () => {
    const issues = refusedWith((c) => {
      (c.jurisdictions[at(TONGLU)] as unknown as { templates: unknown }).templates = {
        acknowledgement: { subject: '【{{caseNumber}}】已登记 — {{office}}', body: '{{petitionerName}}：\n我们最迟于{{acceptanceDeadline}}决定是否受理。\n{{office}}' },
      };
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].templates.acknowledgement.body`, '{{nextStep}}'));
  });

  it('an office’s own acknowledgement stating the time limits by {{acceptanceRule}} and {{handlingDays}} without {{nextStep}}: refused too, naming them', () => {
    const issues = refusedWith((c) => {
      (c.jurisdictions[at(TONGLU)] as unknown as { templates: unknown }).templates = {
        acknowledgement: { subject: '【{{caseNumber}}】已登记 — {{office}}', body: '{{petitionerName}}：\n{{acceptanceRule}}，我们将在15日内决定是否受理，受理后一般在{{handlingDays}}内办结。\n{{office}}' },
      };
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].templates.acknowledgement.body`, 'states {{acceptanceRule}}, {{handlingDays}} without {{nextStep}}'));
  });

  it('an office’s own acknowledgement stating {{acceptanceDeadline}} beside {{nextStep}}: a petition accepted at registration would be told both', () => {
    const issues = refusedWith((c) => {
      (c.jurisdictions[at(TONGLU)] as unknown as { templates: unknown }).templates = {
        acknowledgement: { subject: '【{{caseNumber}}】已登记 — {{office}}', body: '{{petitionerName}}：\n{{nextStep}}\n受理期限：{{acceptanceDeadline}}。\n{{office}}' },
      };
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].templates.acknowledgement.body`, 'states {{acceptanceDeadline}} beside {{nextStep}}'));
  });

  it('an office’s own acknowledgement with {{nextStep}} loads, and one without any time-limit field does too', () => {
    const config = structuredClone(demoRaw);
    (config.jurisdictions[at(TONGLU)] as unknown as { templates: unknown }).templates = {
      acknowledgement: { subject: '【{{caseNumber}}】已登记 — {{office}}', body: '{{petitionerName}}：\n已收到。\n{{nextStep}}\n{{office}}' },
    };
    (config.jurisdictions[at(CHUNAN)] as unknown as { templates: unknown }).templates = {
      acknowledgement: { subject: '【{{caseNumber}}】已登记 — {{office}}', body: '{{petitionerName}}：\n已收到，登记编号 {{caseNumber}}。\n{{office}}' },
    };
    expect(() => parseProvinceConfig(config, 'test configuration')).not.toThrow();
  });

  it('a retention shorter than the 3 years closed cases are kept', () => {
    const issues = refusedWith((c) => {
      c.defaults.retentionYears = 1;
    });
    expect(issues).toContainEqual(issue('defaults.retentionYears', 'at least 3'));
  });

  it('a reception telephone that is not one', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.office.phone = '信访局电话';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].office.phone`, 'must be a telephone number'));
  });

  it('a division code of the wrong shape', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.code = '33012';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].code`, 'GB/T 2260'));
  });

  it('a division code that does not fit its level', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(FUCHUNJIANG)]!.code = '330123';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(FUCHUNJIANG)}].code`, 'a township code has 9 digits'));
  });

  it('a county whose parent is the province (a level skipped)', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.parent = '330000';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].parent`, 'must sit directly under a city'));
  });

  it('a child whose code lies outside its parent', () => {
    // 330127101 is real (文昌镇), but it lies in 淳安县, not under 桐庐县.
    const issues = refusedWith((c) => {
      c.jurisdictions[at(FUCHUNJIANG)]!.code = '330127101';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(FUCHUNJIANG)}].code`, 'does not lie within its parent 330122'));
  });

  it('a parent that is not configured', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(CHUNAN)]!.parent = '330200';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(CHUNAN)}].parent`, 'parent 330200 is not a configured jurisdiction'));
  });

  it('two roots', () => {
    const issues = refusedWith((c) => {
      delete c.jurisdictions[at(HUZHOU)]!.parent;
    });
    expect(issues).toContainEqual(issue('jurisdictions', 'exactly one jurisdiction'));
    expect(issues).toContainEqual(issue(`jurisdictions[${at(HUZHOU)}].parent`, 'a city needs a parent'));
  });

  it('a mailbox used twice, whatever its case', () => {
    const housing = unitAt(CHUNAN, '330127-housing');
    const issues = refusedWith((c) => {
      c.jurisdictions[at(CHUNAN)]!.units[housing]!.mailbox = 'XINFANG@tonglu.petitions.example';
    });
    expect(issues).toContainEqual(
      issue(`jurisdictions[${at(CHUNAN)}].units[${housing}].mailbox`, `already used at jurisdictions[${at(TONGLU)}].office.mailbox`),
    );
  });

  it('a unit id used twice', () => {
    const housing = unitAt(CHUNAN, '330127-housing');
    const issues = refusedWith((c) => {
      c.jurisdictions[at(CHUNAN)]!.units[housing]!.id = '330122-housing';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(CHUNAN)}].units[${housing}].id`, 'unit id 330122-housing appears twice'));
  });

  it('a unit head who does not work in that unit', () => {
    const housing = unitAt(TONGLU, '330122-housing');
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.units[housing]!.head = 'tonglu-hrss-handler';
    });
    expect(issues).toContainEqual(
      issue(`jurisdictions[${at(TONGLU)}].units[${housing}].head`, 'tonglu-hrss-handler does not work in unit 330122-housing'),
    );
  });

  it('a unit head who is not a configured staff member', () => {
    const housing = unitAt(TONGLU, '330122-housing');
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.units[housing]!.head = 'tonglu-housing-chief';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].units[${housing}].head`, 'not a configured staff member'));
  });

  it('a leader reference to a staff member who is not a leader', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.leadership.principal = 'tonglu-registrar';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].leadership.principal`, 'with the role "leader"'));
  });

  it('a leader reference to a leader of another jurisdiction', () => {
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.leadership.inChargeOfPetitions = 'hz-leader-petitions';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].leadership.inChargeOfPetitions`, 'must be a staff member of 330122'));
  });

  it('a staff member in an unknown unit', () => {
    const handler = staffAt('tonglu-housing-handler');
    const issues = refusedWith((c) => {
      c.staff[handler]!.unit = '330122-housing-office';
    });
    expect(issues).toContainEqual(issue(`staff[${handler}].unit`, 'unit 330122-housing-office is not configured'));
  });

  it('a staff member in a unit of another jurisdiction', () => {
    const handler = staffAt('tonglu-housing-handler');
    const issues = refusedWith((c) => {
      c.staff[handler]!.unit = '330127-housing';
    });
    expect(issues).toContainEqual(issue(`staff[${handler}].unit`, 'belongs to 330127, not 330122'));
  });

  it('an unknown role', () => {
    const leader = staffAt('tonglu-leader-principal');
    const issues = refusedWith((c) => {
      c.staff[leader]!.roles = ['leadr'];
    });
    expect(issues.map((i) => i.path)).toContain(`staff[${leader}].roles[0]`);
  });

  it('a unit head without the unitHead role', () => {
    const unit = unitAt(TONGLU, '330122-housing');
    const handler = demoRaw.staff.find((s) => s.unit === '330122-housing' && !s.roles.includes('unitHead'));
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.units[unit]!.head = handler!.id;
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].units[${unit}].head`, 'unitHead'));
  });

  it('a sending address that is also a petition mailbox (a mail loop)', () => {
    const issues = refusedWith((c) => {
      (c as unknown as { mail: { from: string } }).mail.from = c.jurisdictions[at(TONGLU)]!.office.mailbox!;
    });
    expect(issues).toContainEqual(issue('mail.from', 'loop'));
  });

  it('a staff address that is a petition mailbox, or another staff member’s', () => {
    const registrar = staffAt('tonglu-registrar');
    const other = demoRaw.staff.findIndex((s, i) => i !== registrar);
    const issues = refusedWith((c) => {
      const staff = c.staff as unknown as { email: string }[];
      staff[registrar]!.email = c.jurisdictions[at(TONGLU)]!.units[0]!.mailbox;
      staff[other]!.email = staff[other === 0 ? 1 : 0]!.email;
    });
    expect(issues).toContainEqual(issue(`staff[${registrar}].email`, 'petition mailbox'));
    expect(issues.some((i) => /^staff\[\d+\]\.email$/.test(i.path) && i.message.includes('already the address'))).toBe(true);
  });

  it('a province code that is not the root', () => {
    const issues = refusedWith((c) => {
      (c as unknown as { province: { code: string } }).province.code = HANGZHOU;
    });
    expect(issues).toContainEqual(issue('province.code', 'root'));
  });

  it('two units of one department kind in a jurisdiction', () => {
    const issues = refusedWith((c) => {
      const units = c.jurisdictions[at(TONGLU)]!.units as unknown as { id: string; mailbox: string; department: string; head?: string }[];
      units.push({ ...units[unitAt(TONGLU, '330122-housing')]!, id: '330122-housing-2', mailbox: 'housing2@tonglu.petitions.example', head: undefined });
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].units[${demoRaw.jurisdictions[at(TONGLU)]!.units.length}].department`, 'one per kind'));
  });

  it('an escalation step named twice', () => {
    const issues = refusedWith((c) => {
      (c as unknown as { defaults: { escalationChain: string[] } }).defaults.escalationChain = ['unitHead', 'unitHead'];
    });
    expect(issues).toContainEqual(issue('defaults.escalationChain', 'only once'));
  });

  it('a start of the records that is not a date, or before year 1000 (case numbers carry a 4-digit year)', () => {
    const set = (value: unknown) => (c: RawConfig) => void ((c as unknown as { defaults: { recordsStartOn: unknown } }).defaults.recordsStartOn = value);
    expect(refusedWith(set('2000-13-01'))).toContainEqual(issue('defaults.recordsStartOn', 'a date like 2000-01-01'));
    expect(refusedWith(set('0001-01-01'))).toContainEqual(issue('defaults.recordsStartOn', '4-digit year'));
    const withoutIt = structuredClone(demoRaw) as unknown as { defaults: { recordsStartOn?: string } };
    delete withoutIt.defaults.recordsStartOn;
    expect(parseProvinceConfig(withoutIt, 'test configuration').config.defaults.recordsStartOn).toBe('2000-01-01');
  });

  it('lists every mistake at once', () => {
    const handler = staffAt('tonglu-housing-handler');
    const issues = refusedWith((c) => {
      c.jurisdictions[at(TONGLU)]!.parent = '330000';
      c.staff[handler]!.unit = '330122-nowhere';
    });
    expect(issues).toContainEqual(issue(`jurisdictions[${at(TONGLU)}].parent`, 'must sit directly under a city'));
    expect(issues).toContainEqual(issue(`staff[${handler}].unit`, 'is not configured'));
  });
});

describe('loading a configuration file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'province-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports invalid YAML with its line', () => {
    const lines = DEMO_TEXT.split('\n');
    const officeLine = lines.findIndex((l) => l.trim() === 'name: 桐庐县信访局');
    expect(officeLine).toBeGreaterThan(0);
    lines[officeLine] = '      name: 桐庐县信访局: 办公室';
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, lines.join('\n'));

    const issues = issuesOf(() => loadProvinceConfig(path));
    expect(issues).toEqual([{ path: `line ${officeLine + 1}`, message: expect.any(String) }]);
  });

  it('reports a missing file', () => {
    const path = join(dir, 'no-such-province.yaml');
    let error: unknown;
    try {
      loadProvinceConfig(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(path);
    expect((error as ConfigError).issues).toEqual([issue('(file)', 'cannot read the file')]);
  });

  it('names the file and each problem in the error message', () => {
    const copy = structuredClone(demoRaw);
    copy.jurisdictions[at(TONGLU)]!.parent = '330000';
    const path = join(dir, 'level-skip.yaml');
    writeFileSync(path, JSON.stringify(copy));
    expect(() => loadProvinceConfig(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has 1 problem:\\n  - jurisdictions\\[${at(TONGLU)}\\]\\.parent: `));
  });
});

describe('learned routing: when the model may suggest', () => {
  const withLearned = (learnedRouting: Record<string, unknown>) => {
    const config = structuredClone(demoRaw);
    config.defaults.learnedRouting = learnedRouting;
    return config;
  };

  it('suggests from 10 decisions unless told otherwise', () => {
    expect(parseProvinceConfig(withLearned({}), 'test configuration').config.defaults.learnedRouting).toMatchObject({ minExamples: 30, minExamplesToSuggest: 10 });
  });

  it('still loads a province that set only fewer decisions to assign from (valid before minExamplesToSuggest), suggesting from as many', () => {
    expect(parseProvinceConfig(withLearned({ minExamples: 5 }), 'test configuration').config.defaults.learnedRouting).toMatchObject({ minExamples: 5, minExamplesToSuggest: 5 });
  });

  it('keeps a value the province set, and refuses one above minExamples', () => {
    expect(parseProvinceConfig(withLearned({ minExamples: 5, minExamplesToSuggest: 3 }), 'test configuration').config.defaults.learnedRouting.minExamplesToSuggest).toBe(3);
    const issues = issuesOf(() => parseProvinceConfig(withLearned({ minExamples: 5, minExamplesToSuggest: 8 }), 'test configuration'));
    expect(issues).toContainEqual(issue('defaults.learnedRouting.minExamplesToSuggest', 'must not exceed minExamples'));
  });
});
