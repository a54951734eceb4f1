import { describe, expect, it } from 'vitest';
import { eventLabel } from './labels';

/** 办理过程: what each event of the case history is called. */
describe('eventLabel', () => {
  it('calls a transfer of a case not yet accepted 转送, and one after acceptance 转办', () => {
    // 转送: forwarded to the office with authority, which decides acceptance.
    expect(eventLabel({ type: 'transferred', from: 'registered', detail: { forwarded: true, toJurisdiction: '330127' } })).toBe('转送');
    // The router's hand-down by territory, before acceptance, is a 转送 too.
    expect(eventLabel({ type: 'transferred', from: 'registered', detail: { territoryFirst: true } })).toBe('转送');
    // 转办: an accepted case handed on to another office's unit or to another unit.
    expect(eventLabel({ type: 'transferred', from: 'accepted', detail: { toJurisdiction: '330127' } })).toBe('转办');
    expect(eventLabel({ type: 'transferred', from: 'assigned' })).toBe('转办');
  });

  it('calls an office taking a case back 收回, a unit’s 退回 退回, and the rest by type', () => {
    expect(eventLabel({ type: 'returned', from: 'assigned', detail: { takenBackBy: 'tl-office' } })).toBe('收回');
    expect(eventLabel({ type: 'returned', from: 'assigned' })).toBe('退回');
    expect(eventLabel({ type: 'assigned', from: 'accepted' })).toBe('交办');
    expect(eventLabel({ type: 'somethingNew' })).toBe('somethingNew');
  });
});
