// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../api/types';
import type { Names } from '../../lib/config';
import { CaseHistory } from './History';

const names = { staff: (id: string) => ({ 'hz-office': '胡振华' })[id] ?? id, unit: (id: string) => id } as unknown as Names;

describe('办理过程', () => {
  it('says what a 复查 decided of the opinion it reviewed, and why', () => {
    const events = [
      { caseNumber: '330122-2026-000042', seq: 9, type: 'reviewDecided', at: '2027-01-10T02:00:00.000Z', actor: 'hz-office', from: 'underReview', to: 'replied', reason: '原处理意见认定事实清楚，适用依据正确。', detail: { level: 1, outcome: 'upheld', letterId: 'review-decision:1' } },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText('复查决定：维持原处理意见')).toBeTruthy();
    expect(screen.getByText('理由：原处理意见认定事实清楚，适用依据正确。')).toBeTruthy();
  });
});
