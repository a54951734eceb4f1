import { describe, expect, it } from 'vitest';
import { accompanyingTopics, nextAccompaniment, sameUnits, withdrawnUnits } from '../../shared/domain/reception-accompaniment.js';

/** 陪访部门: what the accompanying units are told, and what a change leaves out. */
describe('accompanying units', () => {
  const session = { id: '330122:2026-11-30:0900', jurisdiction: '330122', rotationDate: '2026-11-30' };

  it('lists the booked matters shortened, and only counts reports, which may accuse the unit told (条例 第三十条)', () => {
    const long = '我家在城南小区，楼顶漏水三个月无人维修，多次找物业公司和社区都没有结果，雨天家里到处接水，老人孩子没法住，希望领导督促物业尽快维修并赔偿损失。';
    const { lines, reports } = accompanyingTopics([long, '举报县住建局工作人员收受开发商好处，拖延验收。', '村里修路占了我家承包地，补偿一直没谈。']);
    expect(lines).toEqual([`${long.slice(0, 60)}…`, '村里修路占了我家承包地，补偿一直没谈。']);
    expect(reports).toBe(1);
  });

  it('counts each change over the one before and says which units were left out', () => {
    const first = nextAccompaniment(session, undefined, ['330122-housing', '330122-housing', '330122-hrss'], { at: '2026-11-23T02:00:00.000Z', by: 'tonglu-office' });
    expect(first).toMatchObject({ version: 1, units: ['330122-housing', '330122-hrss'] });
    expect(first).not.toHaveProperty('before');
    const second = nextAccompaniment(session, first, ['330122-hrss', '330122-natural-resources'], { at: '2026-11-24T02:00:00.000Z', by: 'tonglu-leader-petitions' });
    expect(second).toMatchObject({ version: 2, before: ['330122-housing', '330122-hrss'] });
    expect(withdrawnUnits(second)).toEqual(['330122-housing']);
    expect(sameUnits(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameUnits(['a'], ['a', 'b'])).toBe(false);
  });
});
