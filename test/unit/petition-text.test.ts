import { describe, expect, it } from 'vitest';
import { emailMatter, emailSubject, isBlankMatter, MAX_MATTER } from '../../shared/domain/mail/petition-text.js';

describe('an email’s body as the matter', () => {
  it('keeps a body within the limit whole', () => {
    expect(emailMatter('  小区电梯坏了三个月。\n', false)).toBe('小区电梯坏了三个月。');
  });

  it('keeps the beginning and the end of a longer body, where the request usually is, and says how much was left out', () => {
    const body = `开头：${'情况说明。'.repeat(6_000)}结尾：请求处理。`;
    const matter = emailMatter(body, false);
    expect(matter.length).toBeLessThanOrEqual(MAX_MATTER);
    expect(matter.startsWith('开头：')).toBe(true);
    expect(matter.endsWith('结尾：请求处理。')).toBe(true);
    expect(matter).toContain(`（来信过长，中间略去${body.length - 19_000}字，全文见原邮件）`);
  });

  it('cuts between characters, never inside an emoji, and counts characters', () => {
    const body = '😀'.repeat(25_000);
    const matter = emailMatter(body, false);
    expect(matter).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(matter).toContain('中间略去6000字');
  });

  it('names an empty body, and one with only attachments, as such: nothing for the router to read', () => {
    expect(emailMatter(' \n', false)).toBe('（空白邮件）');
    expect(emailMatter('', true)).toBe('（正文为空，见附件）');
    expect(isBlankMatter(emailMatter('', true))).toBe(true);
    expect(isBlankMatter('小区电梯坏了。')).toBe(false);
  });

  it('takes a petition written in the subject line alone as the matter, to be read like any other', () => {
    expect(emailMatter('', false, '城南小区电梯坏了三个月物业不修')).toBe('城南小区电梯坏了三个月物业不修');
    expect(emailMatter('', true, '排污照片')).toBe('排污照片（正文为空，见附件）');
    expect(isBlankMatter(emailMatter('', false, '城南小区电梯坏了三个月物业不修'))).toBe(false);
    expect(emailMatter('正文在此。', false, '主题')).toBe('正文在此。');
  });
});

describe('an email’s subject as the case’s', () => {
  it('drops the prefixes replies and forwards add, in either language and any number', () => {
    expect(emailSubject('Fw: 转发：关于拖欠工资的投诉')).toBe('关于拖欠工资的投诉');
    expect(emailSubject('回复: RE[2]: 小区停车问题')).toBe('小区停车问题');
    expect(emailSubject('Review of 小区停车')).toBe('Review of 小区停车');
    expect(emailSubject('Re:')).toBeUndefined();
    // Traditional-Chinese clients (Outlook zh-TW, Gmail in 繁體).
    expect(emailSubject('回覆：轉寄: 小區停車問題')).toBe('小區停車問題');
  });
});
