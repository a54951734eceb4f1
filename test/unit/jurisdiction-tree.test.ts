import { describe, expect, it } from 'vitest';
import { UnknownJurisdiction } from '../../shared/domain/errors.js';
import { JurisdictionTree, type JurisdictionNode } from '../../shared/domain/jurisdiction.js';

const NODES: JurisdictionNode[] = [
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330122101', name: '富春江镇', level: 'township', parent: '330122' },
  { code: '330500', name: '湖州市', level: 'city', parent: '330000' },
  { code: '330521', name: '德清县', level: 'county', parent: '330500' },
];

const tree = new JurisdictionTree(NODES);
const codes = (nodes: JurisdictionNode[]) => nodes.map((n) => n.code);

describe('JurisdictionTree', () => {
  describe('ancestors (nearest first, up to the province)', () => {
    it.each([
      ['330122101', ['330122', '330100', '330000']],
      ['330122', ['330100', '330000']],
      ['330100', ['330000']],
      ['330521', ['330500', '330000']],
      ['330000', []],
    ])('%s → %j', (code, expected) => {
      expect(codes(tree.ancestors(code))).toEqual(expected);
    });

    it('names the nodes', () => {
      expect(tree.ancestors('330122101').map((n) => n.name)).toEqual(['桐庐县', '杭州市', '浙江省']);
    });
  });

  describe('subtree (the node itself and everything below)', () => {
    it.each([
      ['330000', ['330000', '330100', '330122', '330122101', '330500', '330521']],
      ['330100', ['330100', '330122', '330122101']],
      ['330122', ['330122', '330122101']],
      ['330122101', ['330122101']],
      ['330500', ['330500', '330521']],
      ['330521', ['330521']],
    ])('%s → %j', (code, expected) => {
      const result = codes(tree.subtree(code));
      expect(result[0]).toBe(code);
      expect([...result].sort()).toEqual([...expected].sort());
      expect(new Set(result).size).toBe(result.length);
    });
  });

  describe('isWithin(code, ancestor)', () => {
    it.each([
      // itself
      ['330122', '330122', true],
      ['330000', '330000', true],
      // below
      ['330122', '330100', true],
      ['330122', '330000', true],
      ['330122101', '330122', true],
      ['330122101', '330100', true],
      ['330122101', '330000', true],
      ['330521', '330500', true],
      // not sideways
      ['330122', '330500', false],
      ['330521', '330100', false],
      ['330122101', '330521', false],
      ['330100', '330500', false],
      ['330500', '330100', false],
      // not upwards
      ['330100', '330122', false],
      ['330000', '330100', false],
      ['330122', '330122101', false],
      ['330000', '330521', false],
      // unknown codes
      ['999999', '330000', false],
      ['330199', '330100', false],
      ['330122', '999999', false],
      ['', '330000', false],
    ])('isWithin(%j, %j) → %s', (code, ancestor, expected) => {
      expect(tree.isWithin(code, ancestor)).toBe(expected);
    });
  });

  describe('get / has / find', () => {
    it('returns the configured node', () => {
      expect(tree.get('330122')).toEqual({ code: '330122', name: '桐庐县', level: 'county', parent: '330100' });
      expect(tree.has('330122101')).toBe(true);
      expect(tree.find('330521')?.name).toBe('德清县');
    });

    it.each(['999999', '330199', '', '33012210'])('get(%j) throws UnknownJurisdiction', (code) => {
      expect(tree.has(code)).toBe(false);
      expect(tree.find(code)).toBeUndefined();
      let error: unknown;
      try {
        tree.get(code);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnknownJurisdiction);
      expect((error as UnknownJurisdiction).code).toBe('UnknownJurisdiction');
      expect((error as UnknownJurisdiction).details).toEqual({ jurisdiction: code });
    });

    it('ancestors, subtree and parentOf of an unknown code throw UnknownJurisdiction', () => {
      expect(() => tree.ancestors('999999')).toThrow(UnknownJurisdiction);
      expect(() => tree.subtree('999999')).toThrow(UnknownJurisdiction);
      expect(() => tree.parentOf('999999')).toThrow(UnknownJurisdiction);
    });
  });

  describe('children', () => {
    it.each([
      ['330000', ['330100', '330500']],
      ['330100', ['330122']],
      ['330122', ['330122101']],
      ['330500', ['330521']],
      ['330122101', []],
      ['330521', []],
      ['999999', []],
    ])('%s → %j', (code, expected) => {
      expect(codes(tree.children(code)).sort()).toEqual(expected);
    });
  });

  describe('parentOf', () => {
    it.each([
      ['330122101', '330122'],
      ['330122', '330100'],
      ['330100', '330000'],
      ['330521', '330500'],
      ['330500', '330000'],
      ['330000', undefined],
    ])('%s → %s', (code, expected) => {
      expect(tree.parentOf(code)?.code).toBe(expected);
    });
  });

  it('all() lists every node once', () => {
    expect(codes(tree.all()).sort()).toEqual(['330000', '330100', '330122', '330122101', '330500', '330521']);
  });

  it('does not depend on the order nodes are given in', () => {
    const reversed = new JurisdictionTree([...NODES].reverse());
    expect(codes(reversed.ancestors('330122101'))).toEqual(['330122', '330100', '330000']);
    expect(codes(reversed.subtree('330100')).sort()).toEqual(['330100', '330122', '330122101']);
    expect(reversed.isWithin('330521', '330000')).toBe(true);
  });
});
