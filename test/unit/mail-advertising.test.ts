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

  it.each([
    ['我在网上找兼职刷单，先后转账5000元作为押金，现在对方失联', '刷单被骗'],
    ['老板欠我们工资三个月，说去办信用贷，当天放款就给…电话13800138000 QQ：12345678', '讨薪'],
    ['楼下饭店油烟太大。我的联系电话13800138000，QQ：345678901，微信号：zhang123', '油烟扰民'],
    ['某超市搞促销，特价商品结账时按原价收费，多收了我38元', '超市多收费'],
    ['网上说无抵押贷款当天放款，这是真的吗？', '贷款广告'],
    ['我被騙了，對方說加微信後可以退款，QQ：12345678，請幫我投訴', '被騙'],
    ['我去年看到某奶茶品牌招商加盟，说稳赚、高回报，交了8万元加盟费，现在总部人去楼空。', '加盟费'],
    ['我父亲在老年活动中心听了保健品讲座，说加微信领红包，结果花了两万多元买了一堆保健品。', '保健品'],
    ['我们公司老板让我们给客户代开发票，这是违法的吧', '代开发票'],
    // Offers quoted by the cheated, however many, with no first-person writer.
    ['在网上看到兼职刷单日赚300元，按对方要求垫付了5000元，对方拉黑了。', '兼职刷单'],
    ['招商加盟说稳赚高回报，交了加盟费二十万，现在公司跑路，几十户加盟商血本无归。', '加盟'],
    ['双十一促销，满减优惠券不能用，说好包邮又收了运费，客服不回复。', '双十一'],
    ['平台优惠券和红包不能用，领红包活动是假的，商家包邮承诺不兑现。', '外卖'],
  ])('a citizen’s own matter is registered whatever marketing words it quotes: %s', (text, subject) => {
    expect(advertisingOf({ subject, text })).toEqual({ advertising: false });
  });

  it('an invoice advert that calls itself 本广告 is held (the 61-mail audit corpus, mail 24)', () => {
    const verdict = advertisingOf({ subject: '代开各类发票 增值税专用发票 优惠', text: '您好！本公司长期代开各类发票，税点低，可验证后付款。联系人：陈经理 13800138000 微信同号。本广告长期有效。' });
    expect(verdict).toEqual({ advertising: true, signs: expect.arrayContaining(['代开各类发票', '税点低']) });
    // A citizen writing about an advert is still a petition.
    expect(advertisingOf({ subject: '小广告', text: '小区楼道贴满代开发票的广告，增值税专用发票、税点低，请城管清理。' }).advertising).toBe(false);
  });

  it('links to the news and evidence of a complaint hold nothing', () => {
    const links = [1, 2, 3, 4, 5].map((i) => `https://news.example.cn/2026/12/${i}.html`).join('\n');
    expect(advertisingOf({ subject: '排污', text: `${links}\n工厂排放污水，附上新闻链接` })).toEqual({ advertising: false });
  });

  it('an English wage complaint is registered despite its links and an unsubscribe footer', () => {
    const text =
      'My employer has not paid my salary for 3 months. Payslips: https://files.example.com/a.pdf https://files.example.com/b.pdf\nSent from my phone. To unsubscribe from this signature service, reply STOP.';
    expect(advertisingOf({ subject: 'Unpaid salary', text })).toEqual({ advertising: false });
  });

  it.each([
    ['资金周转难？无抵押、当天放款，加我微信 dk888 详谈，联系我们。', '贷款'],
    ['我公司常年代开各类发票，增值税专用发票，点数优惠。', '发票'],
    ['专业SEO，网站推广，包上首页，关键词排名7天见效。', '推广'],
  ])('an advertiser’s hook, its 我公司 and 加我微信 are no citizen’s words: %s', (text, subject) => {
    expect(advertisingOf({ subject, text }).advertising).toBe(true);
  });

  it('offers alone hold nothing, however dense; beside an invitation to add the sender or an unsubscribe line they do', () => {
    expect(advertisingOf({ subject: '兼职', text: '兼职刷单，日赚500，稳赚高回报。' }).advertising).toBe(false);
    expect(advertisingOf({ subject: '兼职', text: '兼职刷单，日赚500，加微信 sd888。' }).advertising).toBe(true);
    expect(advertisingOf({ subject: '大促', text: '全场包邮，限时特价。回复TD退订' }).advertising).toBe(true);
  });

  it('one marketing word alone is no advertisement', () => {
    expect(advertisingOf({ subject: '超市特价', text: '县城的超市把过期食品当特价卖。' }).advertising).toBe(false);
  });
});
