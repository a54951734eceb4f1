import { describe, expect, it } from 'vitest';
import { otherBodyFor } from '../../shared/domain/routing/index.js';

describe('otherBodyFor', () => {
  it.each([
    ['举报富春江镇某村村支书贪污低保金。', '贪污'],
    ['镇里的干部收受红包，吃拿卡要。', '收受红包'],
    ['县里某局长以权谋私，把工程给了亲戚。', '以权谋私'],
  ])('sends misconduct of officials to 纪检监察机关: %s', (text, word) => {
    const body = otherBodyFor(text);
    expect(body).toMatchObject({ body: '纪检监察机关' });
    expect(body?.treeDepartment).toBeUndefined();
    expect(body?.reason).toContain(`${word} → 纪检监察机关`);
    expect(body?.notice).toContain('12388');
  });

  it('sends complaints about judges to 人民法院', () => {
    expect(otherBodyFor('承办法官态度恶劣，偏袒对方。')).toMatchObject({ body: '人民法院' });
  });

  it('sends prosecution decisions to 人民检察院', () => {
    expect(otherBodyFor('对县检察院作出的不起诉决定不服。')).toMatchObject({ body: '人民检察院' });
  });

  it('sends deputies’ matters to 人大常委会', () => {
    expect(otherBodyFor('要求罢免我们选区的人大代表。')).toMatchObject({ body: '人大常委会' });
    expect(otherBodyFor('我们村的人大代表从不履职。')).toMatchObject({ body: '人大常委会' });
  });

  it('sends consumer disputes to market regulation (12315), a department in the tree', () => {
    expect(otherBodyFor('在网店买的手机有质量问题，商家拒绝退货。')).toMatchObject({
      body: '市场监督管理部门（12315）',
      treeDepartment: 'marketRegulation',
    });
  });

  it.each([
    ['村干部没有贪污，是我们误会了。'],
    ['超市卖腐败变质的猪肉。'],
    ['小区物业费太高，物业公司服务差。'],
    ['我们选区要补选村委会主任。'],
  ])('leaves ordinary matters alone: %s', (text) => {
    expect(otherBodyFor(text)).toBeUndefined();
  });
});
