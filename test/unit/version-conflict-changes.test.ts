import { describe, expect, it } from 'vitest';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { versionConflict } from '../../shared/app/change-case.js';
import type { Province } from '../../shared/domain/province.js';

const event = (seq: number, type: CaseEvent['type'], detail?: Record<string, unknown>): CaseEvent =>
  ({ caseNumber: '330122-2026-000100', seq, type, at: `2026-12-0${seq}T02:00:00.000Z`, actor: 'staff-wang', ...(detail ? { detail } : {}) }) as CaseEvent;

describe('a version conflict says what changed, as the caller may read the case', () => {
  it('leaves out a link to another case (关联为重复件): the case view shows it only to who may read that case too', () => {
    const found = {
      case: { caseNumber: '330122-2026-000100', version: 4, status: 'inProgress' } as Case,
      events: [event(2, 'accepted'), event(3, 'repeatLinked', { earlier: '330100-2026-000007' }), event(4, 'noted')],
      messages: [],
    };
    const conflict = versionConflict(found, 2);
    expect(conflict.details.changes).toEqual([{ seq: 4, type: 'noted', at: '2026-12-04T02:00:00.000Z', actor: 'staff-wang', by: 'staff-wang' }]);
    expect(conflict.chinese).not.toContain('2次');
  });

  it('names who changed it as staff read them: a colleague by name, the system and the petitioner as such', () => {
    const found = (actor: string) => ({
      case: { caseNumber: '330122-2026-000100', version: 3, status: 'assigned' } as Case,
      events: [{ ...event(3, 'assigned'), actor }],
      messages: [],
    });
    const province = { staff: (id: string) => (id === 'tonglu-office' ? ({ name: '袁建军' } as ReturnType<Province['staff']>) : undefined) };
    expect(versionConflict(found('tonglu-office'), 2, province).chinese).toContain('最近一次由 袁建军 于 2026年12月3日 10:00 修改');
    expect(versionConflict(found('system:router'), 2, province).chinese).toContain('最近一次由 系统 于');
    expect(versionConflict(found('petitioner'), 2, province).chinese).toContain('最近一次由 信访人 于');
    expect(versionConflict(found('tonglu-office'), 2, province).chinese).toContain('当前状态为“已交办”');
  });
});
