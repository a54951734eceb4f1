import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/case.js';
import { LEDGER_HEADERS, ledgerCsv, ledgerLine } from '../../shared/domain/ledger-export.js';

const names = { place: (code: string) => ({ '330122': '桐庐县' })[code] ?? code, unit: (id: string) => ({ '330122-housing': '桐庐县住房和城乡建设局', '330122-hrss': '桐庐县人力资源和社会保障局' })[id] ?? id };

/** A collective visit about unpaid wages, led by 人社 with 住建 cooperating, answered, and the petitioners not satisfied. */
const VISIT: Case = {
  caseNumber: '330122-2026-000042',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'visit',
  category: 'dispute',
  status: 'inProgress',
  subject: '  工地\n拖欠  农民工工资 ',
  matter: '某工地拖欠三十五名农民工工资共计四十余万元。',
  petitioner: { anonymous: false, name: '赵大海', workUnit: '某建筑劳务公司' },
  collective: { headCount: 35, representatives: [{ anonymous: false, name: '李建国' }] },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-02T01:00:00.000Z',
  registeredAt: '2026-11-03T01:00:00.000Z',
  registeredBy: 'tonglu-registrar',
  registeredLate: 1,
  handling: { lead: '330122-hrss', cooperating: ['330122-housing'] },
  // Midnight in China after 31 December: the last day is the 31st.
  deadlines: { handling: '2026-12-31T16:00:00.000Z' },
  followUp: { dueAt: '2026-11-20T01:00:00.000Z', satisfied: false, round: 1 },
  attachments: [],
  version: 9,
  updatedAt: '2026-11-25T01:00:00.000Z',
};

describe('a ledger line', () => {
  it('names the place and units, counts the group, shows the last day of the deadline and the petitioners’ answer', () => {
    const line = ledgerLine(VISIT, names);
    const cell = (header: (typeof LEDGER_HEADERS)[number]) => line[LEDGER_HEADERS.indexOf(header)];
    expect(cell('信访形式')).toBe('来访');
    expect(cell('人数')).toBe(35);
    expect(cell('住址或工作单位')).toBe('某建筑劳务公司');
    expect(cell('联系电话')).toBeNull();
    expect(cell('问题类别')).toBe('纠纷');
    expect(cell('主要问题')).toBe('工地 拖欠 农民工工资');
    expect(cell('责任单位')).toBe('桐庐县人力资源和社会保障局（配合：桐庐县住房和城乡建设局）');
    expect(cell('办理状态')).toBe('办理中');
    expect(cell('办理期限')).toBe('2026-12-31');
    expect(cell('满意度评价')).toBe('不满意');
    expect(cell('逾期登记（工作日）')).toBe(1);
    expect(cell('是否集体访')).toBe('是');
    expect(cell('是否重复信访')).toBe('否');
  });

  it('names who raised the matter for the petitioner beside them (代为反映人), and leaves it empty for one who raised it themselves', () => {
    const cellOf = (c: Case) => ledgerLine(c, names)[LEDGER_HEADERS.indexOf('代为反映人')];
    const forFather: Case = { ...VISIT, collective: undefined, petitioner: { anonymous: false, name: '王大山', phone: '13900001111', writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } } };
    expect(cellOf(forFather)).toBe('王小明（代父亲反映）');
    expect(ledgerLine(forFather, names)[LEDGER_HEADERS.indexOf('信访人')]).toBe('王大山');
    expect(cellOf({ ...forFather, petitioner: { anonymous: false, name: '王大山', writtenBy: { relation: '委托人', entrusted: true, name: '李律师' } } })).toBe('李律师（受委托）');
    expect(cellOf({ ...forFather, petitioner: { anonymous: false, name: '王大山', writtenBy: { relation: '舅舅', entrusted: true } } })).toBe('未留姓名（受舅舅委托）');
    expect(cellOf(VISIT)).toBeNull();
  });

  it('is one CSV line after the header, with no line break inside it', () => {
    const csv = ledgerCsv([{ ...VISIT, subject: undefined, matter: '第一行\r\n第二行' }], names);
    expect(csv.startsWith('\uFEFF登记编号,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv).toContain(',第一行 第二行,');
  });
});

/**
 * 转送情况 of a case the city's desk (杭州市) handed down to 桐庐县: 交办 — the city is owed the result (reportBackTo) —
 * is not a 转送, which hands the matter over with nothing owed back; the register of a desk keeps them apart.
 */
describe('转送情况 of a case handed down', () => {
  const cityNames = { ...names, place: (code: string) => ({ '330122': '桐庐县', '330127': '淳安县', '330100': '杭州市' })[code] ?? code };
  const down: Case = { ...VISIT, receivingOffice: '330100', jurisdiction: '330122' };
  const cellOf = (c: Case, view: { from: boolean; to: boolean; since?: string }) => ledgerLine(c, cityNames, view)[LEDGER_HEADERS.indexOf('转送情况')];

  it('says 交办 where the desk that received it is owed the result, from where each reader stands', () => {
    const assigned: Case = { ...down, reportBackTo: '330100' };
    expect(cellOf(assigned, { from: true, to: false, since: '2026-11-03T02:00:00.000Z' })).toBe('交办桐庐县（2026-11-03）');
    expect(cellOf(assigned, { from: false, to: true })).toBe('杭州市交办');
    expect(cellOf(assigned, { from: true, to: true })).toBe('杭州市交办桐庐县');
  });

  it('says 转送 where nothing is owed back to it, or it supervises the case (督办) rather than handed it down', () => {
    expect(cellOf(down, { from: true, to: false })).toBe('转送桐庐县');
    expect(cellOf(down, { from: false, to: true })).toBe('杭州市转来');
    expect(cellOf({ ...down, reportBackTo: '330100', supervisedBy: ['330100'] }, { from: true, to: false })).toBe('转送桐庐县');
    // 桐庐县 sent sideways to 淳安县, which now owes the city a result the city asked for: 桐庐县 is owed nothing.
    expect(cellOf({ ...VISIT, jurisdiction: '330127', reportBackTo: '330100' }, { from: true, to: false })).toBe('转送淳安县');
  });
});
