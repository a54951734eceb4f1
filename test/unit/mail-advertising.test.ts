import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { advertisingOf } from '../../shared/domain/mail/advertising.js';
import { invoiceAdvert, loanAdvert, loanFraudPetition, pastedAdvertPetition, redPacketAdvert, seoAdvert, writtenForFather } from '../fixtures/advertising-emails.js';

describe('疑似广告: advertising that passed every machine-mail check', () => {
  it.each([
    ['代开发票 (GBK)', invoiceAdvert],
    ['贷款 无抵押 当天放款', loanAdvert],
    ['SEO 网站推广 包上首页 (HTML, links)', seoAdvert],
    ['加微信领取红包', redPacketAdvert],
  ])('%s is held as advertising, naming what it found', async (_, fixture) => {
    const verdict = advertisingOf(await parseEmail(fixture()));
    expect(verdict.advertising).toBe(true);
    expect(verdict.advertising && verdict.signs.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a citizen cheated by a loan company that advertised 无抵押 当天放款', loanFraudPetition],
    ['an advertisement pasted as the evidence of a complaint', pastedAdvertPetition],
    ['a daughter writing for her father', writtenForFather],
  ])('%s is a petition', async (_, fixture) => {
    expect(advertisingOf(await parseEmail(fixture()))).toEqual({ advertising: false });
  });

  it.each([
    ['某网贷平台暴力催收，天天打电话骚扰我的家人。', '网贷催收'],
    ['我们小区门口天天有人发小广告，写着代开发票、加微信，城管也不管。', '小区小广告'],
    ['我在网上看到“无抵押当天放款”的广告，想问一下这种公司是否合法？', '咨询'],
  ])('words of a citizen’s own matter make a petition: %s', (text, subject) => {
    expect(advertisingOf({ subject, text }).advertising).toBe(false);
  });

  it('one marketing word alone is no advertisement', () => {
    expect(advertisingOf({ subject: '超市特价', text: '县城的超市把过期食品当特价卖。' }).advertising).toBe(false);
  });
});
