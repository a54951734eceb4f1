import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../shared/domain/templates.js';
import { withdrawalDisputeIn } from '../../shared/domain/mail/intent.js';
import { pressureIn } from '../../shared/domain/withdrawal.js';

/** 撤回存疑: what a reply to a withdrawn case says about the withdrawal, in the petitioner's own words. */
describe('withdrawalDisputeIn', () => {
  it.each([
    ['我没有撤回！是工地的人…冒充我的', '没有撤回'],
    ['这个事情不是我撤回的，你们搞错了。', '不是我撤回'],
    ['我从来没有要撤回，工资到现在还没给。', '从来没有要撤回'],
    ['有人用我的名字打电话，我被人冒充了。', '冒充'],
    ['我是被迫撤回的，他们天天上门找我。', '被迫'],
    ['我不同意撤回，问题根本没有解决。', '不同意撤回'],
    ['撤回并非我本人意愿。', '并非我本人意愿'],
    ['那个电话不是我打的。', '不是我打的'],
    ['查询码被人盗用了，请恢复办理。', '盗用'],
    ['请你们继续处理我的事情。', '继续处理'],
  ])('reads “%s” as disputing the withdrawal', (text, words) => {
    expect(withdrawalDisputeIn(text)).toBe(words);
  });

  it.each([
    '收到，谢谢你们。',
    '工资已经结清了，撤回是我自愿的，没有人逼我。谢谢！',
    '确实是我本人撤回的，给你们添麻烦了。',
    '问题已解决，不需要继续办理了。',
    '不得不说你们效率很高，谢谢。',
    '问题已经解决，不需要再继续处理了，谢谢',
    '不用再继续办理了。',
    '没想过要继续处理，已经和公司谈好了。',
    '事情已经解决，已经没撤回的必要了，就这样吧。',
  ])('leaves “%s” as material', (text) => {
    expect(withdrawalDisputeIn(text)).toBeUndefined();
  });

  it('does not read the 撤回告知 quoted below a reply, however it is quoted', () => {
    const notice = DEFAULT_TEMPLATES.withdrawalNotice.body;
    expect(withdrawalDisputeIn(notice)).toBeUndefined();
    expect(withdrawalDisputeIn(`好的，知道了。\n\n------------------ 原始邮件 ------------------\n${notice}`)).toBeUndefined();
    expect(withdrawalDisputeIn(`谢谢\n\n${notice.split('\n').map((line) => `> ${line}`).join('\n')}`)).toBeUndefined();
    expect(withdrawalDisputeIn(DEFAULT_TEMPLATES.withdrawalDisputeReceived.body)).toBeUndefined();
  });
});

describe('pressureIn: a withdrawal that is not the petitioner’s free will', () => {
  it.each([
    ['村干部说不撤就不给我低保，只好撤回', '不撤就'],
    ['社区天天来做我的工作，没办法撤了', '做我的工作'],
    ['乡里说不撤回的话拆迁款就不发了', '不撤回的话'],
    ['镇里让我撤回，否则就停发补助', '让我撤'],
    ['只能撤回了，再反映也没用', '只能撤'],
  ])('%s → %s', (reason, word) => {
    expect(pressureIn(reason)).toBe(word);
  });

  it.each([
    ['他们逼我撤回，说不然就不修了', '逼'],
    ['被逼无奈才撤回的', '逼'],
    ['家里人被威胁了，我只能先撤回', '威胁'],
    ['要不是被逼，我不会撤回', '逼'],
    ['我无法忍受他们的威胁，撤回算了', '威胁'],
    ['撤回并非本人自愿', '并非本人自愿'],
    ['街道让我撤回', '让我撤'],
    ['社区主任天天劝我撤回', '劝我撤'],
    ['家人劝我撤回，村里也说不撤就不给低保', '不撤就'],
  ])('%s → %s (held back)', (reason, word) => {
    expect(pressureIn(reason)).toBe(word);
  });

  it.each([
    ['问题已经解决，工资都发了，我自愿撤回。'],
    ['物业已经修好了，谢谢你们，撤回申请。'],
    ['没有任何人逼我，物业已经修好了，本人自愿撤回。'],
    ['撤回不是被迫的，是我自己的决定。'],
    ['没人逼我，问题解决了。'],
    ['并非被迫，工资已结清。'],
    ['无人强迫，本人自愿撤回。'],
    ['没有受到任何压力，也不是被人逼的。'],
    ['没有人给我施压，谢谢你们。'],
    // Family talking it over is not 压访 by itself.
    ['家人劝我撤回，我也想通了，物业已经修好。'],
    ['老伴一直劝我撤回，算了，已经和邻居谈好了。'],
  ])('%s → none (free will)', (reason) => {
    expect(pressureIn(reason)).toBeUndefined();
  });
});

describe('withdrawalDisputeIn reads “nobody pressed me” as the portal does', () => {
  it('takes 没有任何人逼我 / 无人强迫 as consent, and 他们逼我撤回 as a dispute', () => {
    expect(withdrawalDisputeIn('收到。没有任何人逼我，撤回是我自愿的。')).toBeUndefined();
    expect(withdrawalDisputeIn('无人强迫，撤回没问题。')).toBeUndefined();
    expect(withdrawalDisputeIn('其实是他们逼我撤回的。')).toBe('逼');
  });
});

describe('withdrawalDisputeIn, in traditional characters (a Big5 reply)', () => {
  it.each([
    ['這不是我主動撤回的，請繼續辦理。', '不是我主动撤回'],
    ['撤回違背本人意願。', '违背本人意愿'],
    ['查詢碼被人盜用了。', '盗用'],
    ['那份撤回書不是我簽的。', '不是我签的'],
  ])('reads “%s” as disputing the withdrawal, as in simplified characters', (text, words) => {
    expect(withdrawalDisputeIn(text)).toBe(words);
  });
});

describe('withdrawalDisputeIn, a Big5 reply saying nobody pressed them', () => {
  it('reads 沒有誰逼我 as 没有谁逼我: no dispute, as in simplified characters', () => {
    expect(withdrawalDisputeIn('撤回是我自己的决定，没有谁逼我。')).toBeUndefined();
    expect(withdrawalDisputeIn('撤回是我自己的決定，沒有誰逼我。')).toBeUndefined();
  });
});
