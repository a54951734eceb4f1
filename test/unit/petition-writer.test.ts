import { describe, expect, it } from 'vitest';
import { addressedAs, writtenForWords, type Petitioner } from '../../shared/domain/case.js';
import { petitionerWithWriter } from '../../shared/domain/petition-writer.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { goesByPhone, goesByPost } from '../../shared/domain/postal.js';
import { contactOwnerOf, sameContactOwner } from '../../shared/domain/mail/repeat.js';

const FATHER: Petitioner = { anonymous: false, name: '王大山' };

describe('代为反映人 registered by staff: whom the letters address', () => {
  it('a daughter who left the only phone is the contact: letters address her, as for a letter she had emailed', () => {
    const p = petitionerWithWriter(FATHER, { relation: '父亲', name: '王小明', phone: '13900001111' });
    expect(p.phone).toBe('13900001111');
    expect(addressedAs(p)).toBe('王小明');
    expect(writtenForWords(p)).toBe('父亲王大山');
  });

  it('an unnamed relative who is the contact is addressed as the family (王大山家属), one entrusted as 委托代理人', () => {
    expect(addressedAs(petitionerWithWriter(FATHER, { relation: '父亲', email: 'wxm@example.cn' }))).toBe('王大山家属');
    expect(addressedAs(petitionerWithWriter(FATHER, { relation: '委托人', phone: '13900001111' }))).toBe('委托代理人');
  });

  it('a petitioner with a contact of their own is told at it, by their name; the cadre’s number stays for staff', () => {
    const p = petitionerWithWriter({ ...FATHER, address: '桐庐县分水镇东溪村3组' }, { relation: '村民', name: '陈建军', phone: '0571-64281234' });
    expect(p.phone).toBeUndefined();
    expect(p.writtenBy).toEqual({ relation: '村民', name: '陈建军', phone: '0571-64281234', petitionerOwnContact: true });
    expect(addressedAs(p)).toBe('王大山');
    expect(writtenForWords(p)).toBeUndefined();
  });

  it('the daughter’s number typed for her father too is hers: it links no petition of hers as his repeat, and letters address her', () => {
    // At the desk or a reception day the daughter gives one number, and staff type it in both places.
    const p = petitionerWithWriter({ ...FATHER, phone: '139 0000 1111' }, { relation: '父亲', name: '王小明', phone: '13900001111' });
    expect(p.phone).toBe('13900001111');
    expect(p.writtenBy?.petitionerOwnContact).toBeUndefined();
    expect(addressedAs(p)).toBe('王小明');
    // Her own petition later, by her number and name, is another person's matter: the contact is a writer's.
    expect(sameContactOwner({ anonymous: false, name: '王小明', phone: '13900001111' }, { caseNumber: '330122-2026-000061', matter: '修路占地补偿', status: 'assigned', registeredAt: '2026-12-01T01:45:00.000Z', contactOwner: contactOwnerOf(p) })).toBe(false);
  });

  it('a postal address alone is the petitioner’s own channel: letters are posted to them, not phoned to the writer', () => {
    // 登记 records 住址 as the 信访人's, and the 信访处理意见书 is served (送达) on the 信访人: a letter to their home reaches them.
    const p = petitionerWithWriter({ ...FATHER, address: '桐庐县分水镇东溪村3组' }, { relation: '父亲', name: '王小明', phone: '13900001111' });
    const c = { petitioner: p };
    expect(goesByPost(c)).toBe(true);
    expect(goesByPhone(c)).toBe(false);
    expect(addressedAs(p)).toBe('王大山');
  });

  it('a letter written for someone by email still addresses its writer (no flag on mail cases)', () => {
    const mailed: Petitioner = { anonymous: false, name: '王大山', email: 'wxm@example.cn', writtenBy: { relation: '父亲', name: '王小明', email: 'wxm@example.cn' } };
    expect(addressedAs(mailed)).toBe('王小明');
  });

  it('refuses a writer who is the petitioner (the same name, or 本人) and one for an anonymous petition', () => {
    expect(() => petitionerWithWriter(FATHER, { relation: '父亲', name: '王　大山', phone: '13900001111' })).toThrow(RuleViolation);
    expect(() => petitionerWithWriter(FATHER, { relation: '本人', phone: '13900001111' })).toThrow(/writer is the petitioner/);
    expect(() => petitionerWithWriter({ anonymous: true }, { relation: '父亲', phone: '13900001111' })).toThrow(/anonymous/);
  });
});
