import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { assertMayDecide, type Actor } from '../../shared/domain/access.js';
import type { Case } from '../../shared/domain/case.js';
import { addCaseNote, leaderInstructions } from '../../shared/domain/case-note.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const actor = (staffId: string): Actor => {
  const s = province.staff(staffId)!;
  return { staffId, jurisdiction: s.jurisdiction, roles: s.roles, ...(s.unit ? { unit: s.unit } : {}) };
};

const working: Case = {
  caseNumber: '330122-2026-000301',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  subject: '拖欠工资',
  matter: '某公司拖欠工资三个月。',
  petitioner: { anonymous: false, name: '李娟', address: '桐庐县城南街道' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: { handling: '2027-01-19T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-11-21T01:00:00.000Z',
};

describe('办理记录 on the petitioner’s tracking page', () => {
  it('shows a progress note only when its author told the petitioner; findings and 批示 never', () => {
    let c = working;
    const events = [];
    for (const note of [
      { kind: 'progress' as const, text: '已约谈该公司负责人，要求月底前结清。', tellPetitioner: true },
      { kind: 'progress' as const, text: '公司称资金困难，拟分两期支付。' },
      { kind: 'investigation' as const, text: '经核实，拖欠工资共计3.6万元。' },
      { kind: 'instruction' as const, text: '请人社局依法督促，确保年前兑现。' },
    ]) {
      const added = addCaseNote(c, note, { at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-hrss-handler' });
      c = added.case;
      events.push(added.event);
    }
    const steps = publicCaseView(c, events, { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text);
    expect(steps).toEqual(['办理进展：已约谈该公司负责人，要求月底前结清。']);
    expect(leaderInstructions(c).map((n) => n.text)).toEqual(['请人社局依法督促，确保年前兑现。']);
  });
});

describe('who works a case under review', () => {
  it('the reviewing office adds its notes while it reviews, not before, and not a level above it', () => {
    const underReview: Case = {
      ...working,
      status: 'underReview',
      reviewLevel: 1,
      reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-12-01T01:00:00.000Z', requestedBy: 'hz-registrar', reason: '不服处理意见' }],
    };
    expect(() => assertMayDecide(actor('hz-office'), 'addNote', underReview, province.tree, '330100')).not.toThrow();
    expect(() => assertMayDecide(actor('hz-office'), 'addNote', working, province.tree)).toThrow();
    expect(() => assertMayDecide(actor('zj-office'), 'addNote', underReview, province.tree, '330100')).toThrow();
  });
});

describe('办理进展 told to the petitioner', () => {
  const note = { kind: 'progress' as const, text: '已约谈该公司负责人，要求月底前结清。', tellPetitioner: true };
  const meta = { at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-hrss-head' };

  it.each(['concluded', 'replied', 'closed', 'declined', 'withdrawn'] as const)('is refused once the case is %s: the petitioner would read 正在办理 of a matter already answered or ended', (status) => {
    expect(() => addCaseNote({ ...working, status }, note, meta)).toThrow(/no longer being handled/);
    // Kept as an internal note all the same.
    expect(addCaseNote({ ...working, status }, { ...note, tellPetitioner: false }, meta).note.text).toBe(note.text);
  });

  it.each(['accepted', 'assigned', 'inProgress', 'underReview'] as const)('is told while the case is %s', (status) => {
    expect(addCaseNote({ ...working, status }, note, meta).note.toldPetitioner).toBe(true);
  });
});
