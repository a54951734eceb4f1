import { describe, expect, it } from 'vitest';
import { findRepeatOf, resentOf, type EarlierCase } from '../../shared/domain/mail/repeat.js';
import { matterSimilarity, REPEAT_SIMILARITY_THRESHOLD } from '../../shared/domain/mail/similarity.js';

/** One petitioner (王建国, 桐庐县城南街道) writing about three different matters, two of them twice. */
const WAGES =
  '尊敬的领导：您好！我是桐庐县城南街道的农民工王建国，2025年3月至10月在杭州某建筑工程有限公司承建的城南安置房项目工地做钢筋工，包工头李某至今拖欠我工资38600元。我多次找包工头和公司讨要，对方一直推脱。希望劳动监察部门帮我讨回血汗钱，谢谢！';
const WAGES_RETOLD =
  '领导你好，我再次反映被拖欠工资的事。去年我在城南安置房工地干钢筋活，干了八个月，工钱38600元到现在一分没拿到。包工头李某说公司没给他钱，建筑公司又说钱已经付给包工头了，两边互相推。请劳动监察大队督促他们把工资发给我。';
const WAGES_SHORT = '城南安置房工地包工头李某拖欠我的工资38600元，到现在还没给，已经快半年了，请领导帮忙。';
const NOISE =
  '您好，我住在城南街道某小区5幢，楼下新开的烧烤店每天营业到凌晨两点，油烟大、噪音吵得全家睡不着觉，老人心脏不好。多次打12345没有效果，希望城管和环保部门管一管。王建国';
const NOISE_RETOLD = '城南街道某小区楼下那家烧烤店半夜还在营业，噪音和油烟太大，上次反映后只安静了几天，现在又照旧，请城管再来查一查。';
const HOMESTEAD =
  '尊敬的领导：您好！我是桐庐县城南街道的村民王建国，我家的宅基地在2024年被村委会划给了邻居建房，村里一直不给说法。希望国土部门帮我核实处理，谢谢！';
const HOMESTEAD_RETOLD = '我是城南街道村民王建国，上次反映宅基地被村委会划给邻居的事，到现在村里还没有答复，邻居已经开始打地基了，请国土部门赶紧来看看。';
/** Another petitioner's three short emails about three matters of one street, each signed with the same telephone line. */
const SIGNED = '\n联系电话：139-5710-0011 郑华 zhenghua@qq.example';
const LIGHT = '桐庐县城南街道迎春路路灯已坏两个月，晚上出行不便，请求城管部门维修。';
const LIGHT_RETOLD = '迎春路的路灯还是不亮，已经坏了两个多月，晚上走路很危险，请城管尽快来修。';
const KTV = '桐庐县城南街道某KTV每晚噪音到凌晨两点，严重扰民，请求环保部门处理。';
const FOOD = '桐庐县城南街道某超市销售过期食品，买到的牛奶已过保质期，请求市场监管部门查处。';

describe('matterSimilarity', () => {
  it('is 1 for the same text and 0 for nothing in common', () => {
    expect(matterSimilarity(WAGES, WAGES)).toBe(1);
    expect(matterSimilarity('拖欠工资', '烧烤油烟')).toBe(0);
  });

  it('is the Dice coefficient of character bigrams', () => {
    // 拖欠 欠工 工资 | 工资 资拖 拖欠: two of three shared on each side.
    expect(matterSimilarity('拖欠工资', '工资拖欠')).toBeCloseTo(2 / 3, 10);
  });

  it('ignores punctuation, whitespace, case and the phrases every petition has', () => {
    expect(matterSimilarity('尊敬的领导，您好！拖欠工资。谢谢！', '拖欠 工资')).toBe(1);
    expect(matterSimilarity('Wage ARREARS 38600', 'wage arrears 38600')).toBe(1);
    expect(matterSimilarity('尊敬的领导：您好！希望尽快解决，谢谢！', '您好领导，请求解决问题，谢谢')).toBe(0);
  });

  it('is symmetric', () => {
    expect(matterSimilarity(WAGES, NOISE)).toBe(matterSimilarity(NOISE, WAGES));
  });

  it('scores the same matter re-told in other words above the threshold', () => {
    for (const [a, b] of [
      [WAGES, WAGES_RETOLD],
      [WAGES, WAGES_SHORT],
      [WAGES_RETOLD, WAGES_SHORT],
      [NOISE, NOISE_RETOLD],
      [HOMESTEAD, HOMESTEAD_RETOLD],
      [LIGHT + SIGNED, LIGHT_RETOLD],
    ] as const) {
      expect(matterSimilarity(a, b)).toBeGreaterThanOrEqual(0.25);
    }
  });

  it('scores different matters by the same person below the threshold, despite the same self-introduction, street and signature', () => {
    for (const [a, b] of [
      [WAGES, NOISE],
      [WAGES, HOMESTEAD],
      [NOISE, HOMESTEAD],
      [WAGES_RETOLD, HOMESTEAD],
      [WAGES, HOMESTEAD_RETOLD],
      [NOISE_RETOLD, HOMESTEAD_RETOLD],
      [NOISE, HOMESTEAD_RETOLD],
      [LIGHT, KTV],
      [LIGHT + SIGNED, KTV + SIGNED],
      [KTV + SIGNED, FOOD + SIGNED],
      [LIGHT + SIGNED, FOOD + SIGNED],
    ] as const) {
      expect(matterSimilarity(a, b)).toBeLessThan(0.15);
    }
  });

  it('sets the threshold between the two', () => {
    expect(REPEAT_SIMILARITY_THRESHOLD).toBeGreaterThanOrEqual(0.15);
    expect(REPEAT_SIMILARITY_THRESHOLD).toBeLessThan(0.25);
  });

  it('is 0 when either side has nothing to compare', () => {
    expect(matterSimilarity('', WAGES)).toBe(0);
    expect(matterSimilarity('！！！', '。。。')).toBe(0);
  });
});

describe('findRepeatOf', () => {
  // Monday 2026-06-01, 10:00 China time.
  const receivedAt = '2026-06-01T02:00:00.000Z';
  const daysBefore = (days: number) => new Date(Date.parse(receivedAt) - days * 86_400_000).toISOString();
  const earlierCase = (overrides: Partial<EarlierCase>): EarlierCase => ({
    caseNumber: '330122-2025-000871',
    matter: WAGES,
    status: 'closed',
    registeredAt: daysBefore(150),
    closedAt: daysBefore(60),
    ...overrides,
  });
  const candidate = { matter: WAGES_RETOLD, receivedAt };

  it('links a similar matter closed within the look-back window', () => {
    expect(findRepeatOf(candidate, [earlierCase({ closedAt: daysBefore(60) })], 90)).toBe('330122-2025-000871');
  });

  it('counts a case closed exactly at the edge of the window', () => {
    expect(findRepeatOf(candidate, [earlierCase({ closedAt: daysBefore(90) })], 90)).toBe('330122-2025-000871');
  });

  it('does not link a similar matter closed 120 days ago', () => {
    expect(findRepeatOf(candidate, [earlierCase({ closedAt: daysBefore(120) })], 90)).toBeUndefined();
  });

  it('links a similar matter made final by 复核, however long ago (第三十六条: not accepted again)', () => {
    expect(findRepeatOf(candidate, [earlierCase({ closedAt: daysBefore(400), final: true })], 90)).toBe('330122-2025-000871');
  });

  it('links a similar matter still open, however old', () => {
    const open = earlierCase({ status: 'inProgress', registeredAt: daysBefore(200), closedAt: undefined });
    expect(findRepeatOf(candidate, [open], 90)).toBe('330122-2025-000871');
  });

  it('counts a replied case as closed when it was replied, or when registered if that is unknown', () => {
    const replied = earlierCase({ status: 'replied', registeredAt: daysBefore(100) });
    expect(findRepeatOf(candidate, [{ ...replied, closedAt: daysBefore(30) }], 90)).toBe('330122-2025-000871');
    expect(findRepeatOf(candidate, [{ ...replied, closedAt: undefined }], 90)).toBeUndefined();
  });

  it('treats declined and redirected cases like closed ones', () => {
    expect(findRepeatOf(candidate, [earlierCase({ status: 'declined', closedAt: daysBefore(10) })], 90)).toBe('330122-2025-000871');
    expect(findRepeatOf(candidate, [earlierCase({ status: 'redirected', closedAt: daysBefore(91) })], 90)).toBeUndefined();
  });

  it('links a third letter to the original case, not to the second letter that was declined into it', () => {
    const original = earlierCase({ status: 'inProgress', registeredAt: daysBefore(20), closedAt: undefined });
    const second = earlierCase({ caseNumber: '330122-2026-000201', matter: WAGES_RETOLD, status: 'declined', registeredAt: daysBefore(5), closedAt: daysBefore(5), repeatOf: original.caseNumber });
    expect(findRepeatOf(candidate, [second, original], 90)).toBe('330122-2025-000871');
    // A repeat staff accepted as a case of its own is that case.
    expect(findRepeatOf(candidate, [{ ...second, status: 'inProgress' }, original], 90)).toBe('330122-2026-000201');
    // An original not among the cases read (a letter known by another contact), or closed outside the window: the case that matched.
    expect(findRepeatOf(candidate, [second], 90)).toBe('330122-2026-000201');
    expect(findRepeatOf(candidate, [second, { ...original, status: 'closed', closedAt: daysBefore(200) }], 90)).toBe('330122-2026-000201');
  });

  it('does not link a different matter by the same petitioner', () => {
    const noise = earlierCase({ caseNumber: '330122-2026-000150', matter: NOISE, status: 'assigned', closedAt: undefined });
    expect(findRepeatOf(candidate, [noise], 90)).toBeUndefined();
  });

  it('picks the most similar of several, before the most recent', () => {
    const earlier = [
      earlierCase({ caseNumber: '330122-2026-000150', matter: NOISE, status: 'assigned', closedAt: undefined }),
      earlierCase({ caseNumber: '330122-2026-000201', matter: WAGES, status: 'accepted', registeredAt: daysBefore(20), closedAt: undefined }),
      // The same letter sent again word for word: similarity 1.
      earlierCase({ caseNumber: '330122-2025-000871', matter: WAGES_RETOLD, registeredAt: daysBefore(150), closedAt: daysBefore(60) }),
    ];
    expect(findRepeatOf(candidate, earlier, 90)).toBe('330122-2025-000871');
  });

  it('breaks a tie by the most recently registered case', () => {
    const earlier = [
      earlierCase({ caseNumber: '330122-2025-000871', registeredAt: daysBefore(150), closedAt: daysBefore(60) }),
      earlierCase({ caseNumber: '330122-2026-000095', registeredAt: daysBefore(40), status: 'inProgress', closedAt: undefined }),
      earlierCase({ caseNumber: '330122-2025-000790', registeredAt: daysBefore(170), closedAt: daysBefore(80) }),
    ];
    expect(findRepeatOf(candidate, earlier, 90)).toBe('330122-2026-000095');
  });

  it('finds nothing among no earlier cases', () => {
    expect(findRepeatOf(candidate, [], 90)).toBeUndefined();
  });

  it('takes no empty email for a repeat of another, though their placeholders read alike', () => {
    const blank = earlierCase({ caseNumber: '330122-2026-000160', matter: '（正文为空，见附件）', status: 'registered', closedAt: undefined });
    expect(findRepeatOf({ matter: '（正文为空，见附件）', receivedAt }, [blank], 90)).toBeUndefined();
    expect(findRepeatOf({ matter: WAGES, receivedAt }, [{ ...blank, matter: '（空白邮件）' }], 90)).toBeUndefined();
  });
});

describe('resentOf: the same message sent again', () => {
  const first: EarlierCase = { caseNumber: '330122-2026-000026', matter: LIGHT, status: 'registered', registeredAt: '2026-12-06T10:15:00.000Z', receivingOffice: '330122' };

  it('is the case registered with the very same words within the day, not a repeat petition', () => {
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-06T10:16:30.000Z', office: '330122' }, [first])).toBe('330122-2026-000026');
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-07T10:14:00.000Z', office: '330122' }, [first])).toBe('330122-2026-000026');
  });

  it('is the case of the same words sent at the same moment, whichever of the two was registered first', () => {
    const atOnce: EarlierCase = { ...first, receivedAt: '2026-12-06T10:14:58.000Z' };
    // Arrived a second before the case it resends was registered (both were being taken at once).
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-06T10:14:59.000Z', office: '330122' }, [atOnce])).toBe('330122-2026-000026');
    // Arrived before it, but taken after it.
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-06T10:14:57.000Z', office: '330122' }, [atOnce])).toBe('330122-2026-000026');
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-05T10:14:00.000Z', office: '330122' }, [atOnce])).toBeUndefined();
  });

  it('is not a later message with other words, nor the same words a day later, nor a blank one', () => {
    expect(resentOf({ matter: `${LIGHT}已经三个月了。`, receivedAt: '2026-12-06T10:16:30.000Z', office: '330122' }, [first])).toBeUndefined();
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-07T10:16:00.000Z', office: '330122' }, [first])).toBeUndefined();
    expect(resentOf({ matter: '（空白邮件）', receivedAt: '2026-12-06T10:16:30.000Z', office: '330122' }, [{ ...first, matter: '（空白邮件）' }])).toBeUndefined();
  });

  it('is not the same words sent to another office: a petition to the level above is for that office to hear', () => {
    expect(resentOf({ matter: LIGHT, receivedAt: '2026-12-06T10:16:30.000Z', office: '330100' }, [first])).toBeUndefined();
  });
});
