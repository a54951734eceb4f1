import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { JurisdictionTree } from '../../shared/domain/jurisdiction.js';
import { locateMatter, shortFormOf } from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const tree = province.tree;

const TONGLU = '330122';
const FUCHUNJIANG = '330122101';
const FENSHUI = '330122109';
const CHUNAN = '330127';
const QIANDAOHU = '330127100';
const LINQI = '330127103';
const DEQING = '330521';
const HANGZHOU = '330100';

describe('shortFormOf', () => {
  it.each([
    ['桐庐县', '桐庐'],
    ['富春江镇', '富春江'],
    ['千岛湖镇', '千岛湖'],
    ['杭州市', '杭州'],
    ['浙江省', '浙江'],
    ['城南街道', '城南'],
  ])('%s → %s', (name, short) => {
    expect(shortFormOf(name)).toBe(short);
  });

  it('keeps names whose rest would be a single character', () => {
    expect(shortFormOf('沙镇')).toBeUndefined();
    expect(shortFormOf('南区')).toBeUndefined();
  });
});

describe('locateMatter', () => {
  it('places an incident address in 富春江镇, sent to 桐庐县, at the township', () => {
    const located = locateMatter({ incidentAddress: '桐庐县富春江镇芦茨村', text: '村口有人私搭乱建。', receivingOffice: TONGLU }, tree);
    expect(located.jurisdiction).toBe(FUCHUNJIANG);
    expect(located.matched).toEqual(['桐庐县', '富春江镇']);
    expect(located.reason).toContain('富春江镇（330122101）');
  });

  it('recognises short forms: 桐庐, 富春江, 千岛湖', () => {
    expect(locateMatter({ text: '我家在桐庐富春江边的芦茨村。', receivingOffice: TONGLU }, tree)).toMatchObject({
      jurisdiction: FUCHUNJIANG,
      matched: ['桐庐', '富春江'],
    });
    expect(locateMatter({ text: '千岛湖的一家农家乐占用了公共道路。', receivingOffice: CHUNAN }, tree).jurisdiction).toBe(QIANDAOHU);
  });

  it('does not take the lake for the town: 千岛湖水质 stays with 淳安县', () => {
    const located = locateMatter({ text: '近年来千岛湖水质明显下降。', receivingOffice: CHUNAN }, tree);
    expect(located).toMatchObject({ jurisdiction: CHUNAN, matched: [] });
  });

  it('does not take common words for short forms: 新市民 is not 新市镇, 分水岭 not 分水镇', () => {
    expect(locateMatter({ text: '我们新市民的子女入学难。', receivingOffice: DEQING }, tree).jurisdiction).toBe(DEQING);
    expect(locateMatter({ text: '这件事是个分水岭。', receivingOffice: TONGLU }, tree).jurisdiction).toBe(TONGLU);
  });

  it('never uses a short form that is an ordinary word, only the full name', () => {
    const small = new JurisdictionTree([
      { code: '330100', name: '杭州市', level: 'city' },
      { code: '330182', name: '建德市', level: 'county', parent: '330100' },
      { code: '330182001', name: '城关镇', level: 'township', parent: '330182' },
    ]);
    expect(locateMatter({ text: '城关一带的路灯不亮。', receivingOffice: '330182' }, small).jurisdiction).toBe('330182');
    expect(locateMatter({ text: '城关镇一带的路灯不亮。', receivingOffice: '330182' }, small).jurisdiction).toBe('330182001');
  });

  it('prefers the incident address to the petitioner’s address', () => {
    const located = locateMatter(
      { incidentAddress: '淳安县临岐镇', address: '淳安县千岛湖镇新安大街', text: '反映临岐镇某砂场的问题。', receivingOffice: CHUNAN },
      tree,
    );
    expect(located.jurisdiction).toBe(LINQI);
    expect(located.matched).toEqual(['淳安县', '临岐镇']);
  });

  it('uses the petitioner’s address when there is no incident address', () => {
    expect(locateMatter({ address: '桐庐县分水镇后岩村', text: '反映村里的事。', receivingOffice: TONGLU }, tree).jurisdiction).toBe(FENSHUI);
  });

  it('lets the text narrow an address to a township below it', () => {
    const located = locateMatter({ address: '桐庐县城南街道迎春路', text: '我在分水镇的一家工厂上班。', receivingOffice: TONGLU }, tree);
    expect(located.jurisdiction).toBe(FENSHUI);
    expect(located.reason).toContain('进一步细化');
  });

  it('does not let the text move an address to another branch', () => {
    const located = locateMatter({ address: '桐庐县分水镇', text: '我在富春江镇打工。', receivingOffice: TONGLU }, tree);
    expect(located.jurisdiction).toBe(FENSHUI);
    expect(located.reason).toContain('仍定为分水镇');
  });

  it('keeps a petition mentioning 湖州, sent to 桐庐县, within 桐庐县', () => {
    const located = locateMatter(
      { address: '湖州市德清县新市镇', text: '我是湖州人，在桐庐县分水镇一家工厂打工。', receivingOffice: TONGLU },
      tree,
    );
    expect(located.jurisdiction).toBe(FENSHUI);
    expect(located.reason).toMatch(/未采用.*湖州.*不在桐庐县辖区内/);
  });

  it('stays with the receiving office when only places outside it are named', () => {
    const located = locateMatter({ text: '湖州市长兴县煤山镇的矿山塌方。', receivingOffice: TONGLU }, tree);
    expect(located).toMatchObject({ jurisdiction: TONGLU, matched: [] });
    expect(located.reason).toContain('未提到桐庐县以下的地名');
  });

  it('does not count the office’s own superiors as foreign', () => {
    const located = locateMatter({ text: '浙江省杭州市桐庐县富春江镇', receivingOffice: TONGLU }, tree);
    expect(located.jurisdiction).toBe(FUCHUNJIANG);
    expect(located.reason).not.toContain('未采用');
  });

  it('settles on the common ancestor when places at the same level conflict', () => {
    expect(locateMatter({ text: '富春江镇和分水镇都有这个问题。', receivingOffice: TONGLU }, tree).jurisdiction).toBe(TONGLU);
    const located = locateMatter({ text: '桐庐县和淳安县的农民都反映了。', receivingOffice: HANGZHOU }, tree);
    expect(located.jurisdiction).toBe(HANGZHOU);
    expect(located.reason).toContain('分属不同地方');
  });

  it('keeps the deepest consistent match from a city office', () => {
    expect(locateMatter({ text: '杭州市淳安县千岛湖镇', receivingOffice: HANGZHOU }, tree).jurisdiction).toBe(QIANDAOHU);
  });

  it('answers the receiving office when no place is named', () => {
    const located = locateMatter({ text: '我有一件事想反映。', receivingOffice: TONGLU }, tree);
    expect(located).toEqual({
      jurisdiction: TONGLU,
      matched: [],
      reason: '未提到桐庐县以下的地名 → 收信机关桐庐县（330122）。',
    });
  });
});
