// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../api/types';
import type { Names } from '../../lib/config';
import { CaseHistory } from './History';

const names = {
  staff: (id: string) => ({ 'hz-office': '胡振华', 'tonglu-leader-principal': '方建华' })[id] ?? id,
  unit: (id: string) => ({ '330122-housing': '桐庐县住房和城乡建设局' })[id] ?? id,
  office: (code: string) => ({ '330122': '桐庐县信访局' })[code] ?? code,
} as unknown as Names;

describe('办理过程', () => {
  it('says what a 复查 decided of the opinion it reviewed, and why', () => {
    const events = [
      { caseNumber: '330122-2026-000042', seq: 9, type: 'reviewDecided', at: '2027-01-10T02:00:00.000Z', actor: 'hz-office', from: 'underReview', to: 'replied', reason: '原处理意见认定事实清楚，适用依据正确。', detail: { level: 1, outcome: 'upheld', letterId: 'review-decision:1' } },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText('复查决定：维持原处理意见')).toBeTruthy();
    expect(screen.getByText('理由：原处理意见认定事实清楚，适用依据正确。')).toBeTruthy();
  });

  it('tells a cooperating unit’s 协办异议 and the office’s decision apart: whose reasons each line gives', () => {
    const at = (day: number) => `2026-12-0${day}T02:00:00.000Z`;
    const events = [
      { caseNumber: '330122-2026-000042', seq: 7, type: 'cooperationObjected', at: at(3), actor: 'tonglu-housing-handler', reason: '噪声监管不属本局职责', detail: { unit: '330122-housing', decidesBy: '330122' } },
      { caseNumber: '330122-2026-000042', seq: 8, type: 'cooperationObjectionRefused', at: at(4), actor: 'hz-office', reason: '工地施工许可属住建部门监管', detail: { unit: '330122-housing' } },
      { caseNumber: '330122-2026-000042', seq: 9, type: 'cooperationReleased', at: at(5), actor: 'hz-office', reason: '噪声监管不属本局职责', detail: { unit: '330122-housing', note: '经核实，由生态环境部门配合' } },
    ] as unknown as CaseView['events'];
    const { container } = render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText('桐庐县住房和城乡建设局提出不承担该事项的配合职责，报信访部门审批')).toBeTruthy();
    expect(screen.getAllByText('异议理由：噪声监管不属本局职责')).toHaveLength(2);
    expect(screen.getByText('桐庐县住房和城乡建设局继续配合办理（不同意其异议）')).toBeTruthy();
    expect(screen.getByText('不同意的理由：工地施工许可属住建部门监管')).toBeTruthy();
    expect(screen.getByText('桐庐县住房和城乡建设局不再配合办理（同意其异议）')).toBeTruthy();
    expect(screen.getByText('审批意见：经核实，由生态环境部门配合')).toBeTruthy();
    expect(within(container).queryByText(/^理由：/)).toBeNull();
  });

  it('says that material accusing a cooperating unit took it off the case', () => {
    const events = [
      { caseNumber: '330122-2026-000042', seq: 10, type: 'messageReceived', at: '2026-12-05T02:00:00.000Z', actor: 'system:intake', detail: { messageId: 'm-1', cooperatingAccused: ['330122-housing'] } },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText('材料检举、控告协办单位桐庐县住房和城乡建设局：不再协办，不再能查看本件（《信访工作条例》第三十条）')).toBeTruthy();
  });

  it('says which step of the chain an overdue case was escalated to, and who was told by name', () => {
    const events = [
      {
        caseNumber: '330122-2026-000042',
        seq: 12,
        type: 'escalated',
        at: '2026-12-23T00:15:00.000Z',
        actor: 'system:sweep',
        detail: { clock: 'handling', deadline: '2026-12-15T16:00:00.000Z', step: 'principalLeader', number: 4, to: ['tonglu-leader-principal', 'office:330122', '330122-housing'] },
      },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText('逾期第4次督办：督办至主要领导，已邮件通知方建华、桐庐县信访局、桐庐县住房和城乡建设局')).toBeTruthy();
  });

  it('says that an email held as 疑似广告 was registered at a staff member’s word, and when', () => {
    const events = [
      {
        caseNumber: '330122-2026-000009',
        seq: 1,
        type: 'registered',
        at: '2026-12-07T02:00:05.000Z',
        actor: 'system:intake',
        to: 'registered',
        detail: { channel: 'email', jurisdiction: '330122', heldAsAdvertising: { by: 'hz-office', at: '2026-12-07T02:00:00.000Z' } },
      },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText(/^来信曾被系统判断为疑似广告暂存，胡振华于2026.*确认登记为信访事项$/)).toBeTruthy();
  });

  it('says that an email sent to a mailbox since removed was held, and registered at a staff member’s word', () => {
    const events = [
      {
        caseNumber: '330122-2026-000010',
        seq: 1,
        type: 'registered',
        at: '2026-12-07T02:00:05.000Z',
        actor: 'system:intake',
        to: 'registered',
        detail: { channel: 'email', jurisdiction: '330122', heldAsAdvertising: { by: 'hz-office', at: '2026-12-07T02:00:00.000Z', reason: 'noOfficeMailbox' } },
      },
    ] as unknown as CaseView['events'];
    render(<CaseHistory events={events} names={names} />);
    expect(screen.getByText(/^来信寄往已停用或非信访邮箱，曾暂存待甄别，胡振华于2026.*确认登记为信访事项$/)).toBeTruthy();
  });
});
