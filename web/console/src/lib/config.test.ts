import { describe, expect, it } from 'vitest';
import { namesOf } from './config';

describe('who took a step, by name', () => {
  it('calls the intake by the mail it receives (an email registered, a bounce, an emailed request), not a letter’s (来信 is paper a clerk registers)', () => {
    const names = namesOf(undefined);
    expect(names.staff('system:intake')).toBe('系统（邮件接收）');
    expect(names.staff('system:web')).toBe('信访人（网上信访）');
  });
});
