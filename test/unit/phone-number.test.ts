import { describe, expect, it } from 'vitest';
import { phoneNumberProblem } from '../../shared/domain/phone-number.js';

describe('a telephone number typed on the portal', () => {
  it.each(['13800001111', '138 0000 1111', '138-0000-1111', '+86 138 0000 1111', '008613800001111', '0571-87654321', '(0571) 8765 4321', '（0571）87654321', '010-12345678', '0571-8765432', '+86 571 8765 4321', '+86 0571 8765 4321', '+86 10 8765 4321', '0086 10 87654321', '０５７１－８７６５４３２１', '１３８００００１１１１', '+852 2123 4567', '+1 415 555 0100'])(
    'dials %s',
    (number) => expect(phoneNumberProblem(number)).toBeUndefined(),
  );

  // The desk takes these (a work line with its extension, the country code written without +): the portal must not refuse them.
  it.each(['0571-64281234-8012', '0571-64281234 802', '(0571)6428-1234-8012', '86-13800138000', '86 138 0013 8000', '86-571-64281234'])('dials %s, as the desk takes it', (number) =>
    expect(phoneNumberProblem(number)).toBeUndefined(),
  );

  it('says what is wrong with a number nobody could dial', () => {
    expect(phoneNumberProblem('1380000111')).toBe('手机号码应为 1 开头的 11 位数字，请核对');
    expect(phoneNumberProblem('138000011112')).toBe('手机号码应为 1 开头的 11 位数字，请核对');
    expect(phoneNumberProblem('12800001111')).toBe('手机号码应为 1 开头的 11 位数字，请核对');
    expect(phoneNumberProblem('8765432')).toBe('固定电话请加区号，例如 0571-87654321');
    expect(phoneNumberProblem('87654321')).toBe('固定电话请加区号，例如 0571-87654321');
    expect(phoneNumberProblem('0571-876')).toMatch(/^请填写有效的电话号码/);
    expect(phoneNumberProblem('138abc')).toBe('电话号码只能包含数字，以及 +、-、空格和括号');
    expect(phoneNumberProblem('+12')).toMatch(/^境外电话/);
    // No area code starts 013: a mobile with a 0 before it.
    expect(phoneNumberProblem('013800001111')).toMatch(/^请填写有效的电话号码/);
  });

  it('tells a Taiwan resident typing 09… to add the country code, and takes it with one', () => {
    expect(phoneNumberProblem('0912345678')).toMatch(/台湾手机请加国家代码，例如 \+886 912 345 678/);
    expect(phoneNumberProblem('+886 912 345 678')).toBeUndefined();
    expect(phoneNumberProblem('0911-1234567')).toBeUndefined();
  });
});
