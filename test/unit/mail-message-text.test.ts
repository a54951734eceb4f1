import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_TEXT, messageText } from '../../shared/app/intake/intake-deps.js';

describe('the text kept on an email’s message', () => {
  it('is the whole text when it fits', () => {
    expect(messageText('我要反映拖欠工资的问题。')).toBe('我要反映拖欠工资的问题。');
  });

  it('is cut when too long, saying how much was left out and where the rest is, so staff know to open the original', () => {
    const long = '养'.repeat(MAX_MESSAGE_TEXT + 657_721);
    const kept = messageText(long);
    expect(kept.startsWith('养'.repeat(MAX_MESSAGE_TEXT))).toBe(true);
    expect(kept.endsWith('……（来信过长，以下略去657721字，全文见原邮件）')).toBe(true);
  });
});
