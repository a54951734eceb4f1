import { describe, expect, it } from 'vitest';
import { namesOf } from './config';

describe('who took a step, by name', () => {
  it('calls the registration of an email by the intake an email’s, not a letter’s (来信 is paper a clerk registers)', () => {
    const names = namesOf(undefined);
    expect(names.staff('system:intake')).toBe('系统（邮件登记）');
    expect(names.staff('system:web')).toBe('信访人（网上信访）');
  });
});
