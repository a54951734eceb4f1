import { describe, expect, it } from 'vitest';
import { jurisdictionForAddress, namesCountyLevel } from '../../shared/domain/address-jurisdiction.js';
import { JurisdictionTree, type JurisdictionNode } from '../../shared/domain/jurisdiction.js';

const NODES: JurisdictionNode[] = [
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330122101', name: '城南街道', level: 'township', parent: '330122' },
  { code: '330127', name: '淳安县', level: 'county', parent: '330100' },
  { code: '330127101', name: '千岛湖镇', level: 'township', parent: '330127' },
  { code: '330500', name: '湖州市', level: 'city', parent: '330000' },
  { code: '330521', name: '德清县', level: 'county', parent: '330500' },
  // A township of the same name in another county.
  { code: '330521102', name: '城南街道', level: 'township', parent: '330521' },
];
const tree = new JurisdictionTree(NODES);
const found = (address: string) => jurisdictionForAddress(tree, address)?.code;

describe('the office found from an address', () => {
  it('is the deepest level the address names, by full or short name', () => {
    expect(found('浙江省杭州市桐庐县迎春路8号')).toBe('330122');
    expect(found('桐庐迎春南路小区3幢')).toBe('330122');
    expect(found('淳安县千岛湖镇新安东路')).toBe('330127101');
    expect(found('千岛湖镇环湖北路 12 号')).toBe('330127101');
    expect(found('杭州市西湖区某路')).toBe('330100');
  });

  it('tells two townships of one name apart by the county or city named with them', () => {
    expect(found('桐庐县城南街道迎春路')).toBe('330122101');
    expect(found('湖州市德清县城南街道')).toBe('330521102');
    expect(found('湖州城南街道')).toBe('330521102');
  });

  it('gives no answer where the address does not decide, rather than a guess', () => {
    expect(found('城南街道迎春路')).toBeUndefined();
    expect(found('人民路1号')).toBeUndefined();
    expect(found('')).toBeUndefined();
  });
});

describe('whether an address names its county level', () => {
  it('takes a municipality’s district (北京市朝阳区) as complete, as a city’s county', () => {
    for (const address of ['北京市朝阳区建国路1号', '北京朝阳区建国路1号', '上海市浦东新区世纪大道100号', '天津市和平区', '重庆市巫山县', '江苏省南京市玄武区中山路1号', '杭州市桐庐县迎春路', '内蒙古自治区呼和浩特市新城区', '湖北省恩施土家族苗族自治州恩施市']) {
      expect(namesCountyLevel(address), address).toBe(true);
    }
  });

  it('not an address that stops above the county, nor a street named after a municipality', () => {
    for (const address of ['北京市', '浙江省宁波市中山路1号', '人民路 1 号', '上海路小区3幢', '桐庐县上海路小区']) {
      expect(namesCountyLevel(address), address).toBe(false);
    }
  });
});
