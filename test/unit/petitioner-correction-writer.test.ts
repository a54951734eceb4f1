import { describe, expect, it } from 'vitest';
import { addressedAs, writerIsContact, type Case, type Petitioner } from '../../shared/domain/case.js';
import { contactOwnerOf } from '../../shared/domain/mail/repeat.js';
import { writerContactsOf } from '../../shared/domain/writer-contacts.js';
import { correctPetitioner } from '../../shared/domain/petitioner-correction.js';
import { petitionerWithWriter } from '../../shared/domain/petition-writer.js';
import type { RuleViolation } from '../../shared/domain/errors.js';
import { goesByPost } from '../../shared/domain/postal.js';

/** 更正信访人信息 on a petition registered with 代为反映人: whose contact a correction changes, and who is told after it. */
const caseOf = (petitioner: Petitioner): Case => ({
  caseNumber: '330122-2026-000061',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'visit',
  status: 'assigned',
  matter: '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。',
  petitioner,
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-12-01T01:40:00.000Z',
  registeredAt: '2026-12-01T01:45:00.000Z',
  registeredBy: 'tonglu-registrar',
  handling: { lead: '330122-housing', cooperating: [] },
  deadlines: {},
  attachments: [],
  version: 3,
  updatedAt: '2026-12-02T01:20:00.000Z',
});
const meta = { at: '2026-12-10T03:00:00.000Z', actor: 'tonglu-registrar' };

describe('correcting the petitioner of a petition a writer brought', () => {
  it('keeps the daughter’s record with her new number when the number the case had — hers — is corrected', () => {
    const registered = caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' }));
    const { case: corrected } = correctPetitioner(registered, { phone: '13900002222', reason: '王小明来电告知换了手机号' }, meta);
    expect(corrected.petitioner.phone).toBe('13900002222');
    // The case page shows staff the writer's number: not the one she gave up, which may be a stranger's by now.
    expect(corrected.petitioner.writtenBy).toEqual({ relation: '父亲', name: '王小明', phone: '13900002222' });
    expect(addressedAs(corrected.petitioner)).toBe('王小明');
  });

  it('turns letters to the cadre who called when the villager’s own last contact is removed, rather than to no one', () => {
    const registered = caseOf(
      petitionerWithWriter({ anonymous: false, name: '李秀兰', phone: '13700003333' }, { relation: '村民', name: '陈建军', phone: '0571-64281234' }),
    );
    expect(registered.petitioner.phone).toBe('13700003333');
    const { case: corrected, event } = correctPetitioner(registered, { phone: null, reason: '该号码已停机，不是信访人本人在用' }, meta);
    expect(corrected.petitioner.phone).toBe('0571-64281234');
    expect(corrected.petitioner.writtenBy?.petitionerOwnContact).toBeUndefined();
    expect(addressedAs(corrected.petitioner)).toBe('陈建军');
    expect(event.detail).toMatchObject({ changed: ['phone'], previous: { phone: '13700003333' }, writerNowContact: true });
  });

  it('keeps on the event the cadre’s number the case takes on when the villager’s email, her last contact, is removed', () => {
    const registered = caseOf(petitionerWithWriter({ anonymous: false, name: '李秀兰', email: 'lxl@qq.example' }, { relation: '村民', name: '陈建军', phone: '0571-64281234' }));
    const { case: corrected, event } = correctPetitioner(registered, { email: null, reason: '该邮箱不是信访人本人的' }, meta);
    expect(corrected.petitioner.phone).toBe('0571-64281234');
    // The history says the case's number changed, from none to his: nothing changes without a trace.
    expect(event.detail).toMatchObject({ changed: ['email', 'phone'], previous: { email: 'lxl@qq.example', phone: null }, writerNowContact: true });
  });

  it('leaves the writer alone when the petitioner keeps a contact of their own', () => {
    const registered = caseOf(
      petitionerWithWriter({ anonymous: false, name: '李秀兰', phone: '13700003333', address: '桐庐县分水镇东溪村3组' }, { relation: '村民', name: '陈建军', phone: '0571-64281234' }),
    );
    const { case: corrected } = correctPetitioner(registered, { phone: null, reason: '该号码已停机' }, meta);
    expect(corrected.petitioner.phone).toBeUndefined();
    expect(corrected.petitioner.writtenBy).toEqual({ relation: '村民', name: '陈建军', phone: '0571-64281234', petitionerOwnContact: true });
    expect(addressedAs(corrected.petitioner)).toBe('李秀兰');
  });
});

describe('更正代为反映人: the writer added, replaced or removed after registration', () => {
  it('adds the neighbour who wrote the letter: the villager had only a postal address, so letters stay hers, by post', () => {
    const registered = caseOf({ anonymous: false, name: '李秀兰', address: '桐庐县分水镇东溪村3组' });
    const { case: corrected, event } = correctPetitioner(registered, { writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555' }, reason: '经核实，该信系邻居陈建军代写' }, meta);
    expect(corrected.petitioner).toEqual({
      anonymous: false,
      name: '李秀兰',
      address: '桐庐县分水镇东溪村3组',
      writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555', petitionerOwnContact: true },
    });
    // A letter posted to her home reaches her: the address is her own channel, and the letter names her.
    expect(goesByPost(corrected)).toBe(true);
    expect(addressedAs(corrected.petitioner)).toBe('李秀兰');
    expect(event.detail).toEqual({
      changed: ['writtenBy'],
      previous: { writtenBy: null },
      writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555', petitionerOwnContact: true },
      lettersTo: 'petitioner',
    });
  });

  it('adds a writer to a petitioner who left no contact: the writer’s number becomes the case’s and letters go to him', () => {
    const registered = caseOf({ anonymous: false, name: '王大山' });
    const { case: corrected, event } = correctPetitioner(registered, { writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' }, reason: '王小明来电说明系替父亲反映' }, meta);
    expect(corrected.petitioner.phone).toBe('13900001111');
    expect(addressedAs(corrected.petitioner)).toBe('王小明');
    expect(event.detail).toMatchObject({ changed: ['phone', 'writtenBy'], previous: { phone: null, writtenBy: null }, lettersTo: 'writer' });
  });

  it('replaces a writer whose number was the case’s: the old number leaves with him, the new writer’s takes its place', () => {
    const registered = caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' }));
    const { case: corrected, event } = correctPetitioner(registered, { writtenBy: { relation: '父亲', name: '王小红', phone: '13900002222' }, reason: '实为女儿王小红代访' }, meta);
    expect(corrected.petitioner).toEqual({ anonymous: false, name: '王大山', phone: '13900002222', writtenBy: { relation: '父亲', name: '王小红', phone: '13900002222' } });
    expect(event.detail).toMatchObject({ changed: ['phone', 'writtenBy'], previous: { phone: '13900001111', writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } } });
  });

  it('removes a "writer" who was the petitioner: the contacts stay, now the petitioner’s own, and letters address the petitioner', () => {
    const registered = caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' }));
    const { case: corrected, event } = correctPetitioner(registered, { name: '王小明', writtenBy: null, reason: '系王小明本人的事项，登记有误' }, meta);
    expect(corrected.petitioner).toEqual({ anonymous: false, name: '王小明', phone: '13900001111' });
    expect(addressedAs(corrected.petitioner)).toBe('王小明');
    expect(event.detail).toMatchObject({ changed: ['name', 'writtenBy'], previous: { name: '王大山', writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } }, writtenBy: null, lettersTo: 'petitioner' });
  });

  it('adds the cadre who phoned with the number the case has: the number is his, not the villager’s, so it is no longer hers to link repeats by', () => {
    // Registered as the villager's own number; staff learn later it was the village cadre's office line.
    const registered = caseOf({ anonymous: false, name: '李秀兰', phone: '0571-64281234' });
    const { case: corrected, event } = correctPetitioner(registered, { writtenBy: { relation: '村民', name: '陈建军', phone: '0571 6428 1234' }, reason: '经核实，该号码系村干部陈建军的办公电话，系其代为来电' }, meta);
    // Letters go to the cadre, by his name; his number is the case's as his (repeats compare names then, not the number).
    expect(writerIsContact(corrected.petitioner)).toBe(true);
    expect(addressedAs(corrected.petitioner)).toBe('陈建军');
    expect(contactOwnerOf(corrected.petitioner)).toEqual({ nameKey: '李秀兰', writtenFor: '村民' });
    expect(event.detail).toMatchObject({ lettersTo: 'writer' });
    // The villager with an address of her own: letters go to her by post; the cadre's number stays his (a desk look-up, never a repeat).
    const withAddress = caseOf({ anonymous: false, name: '李秀兰', phone: '0571-64281234', address: '桐庐县分水镇东溪村3组' });
    const { case: posted, event: told } = correctPetitioner(withAddress, { writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64281234' }, reason: '该号码系村干部的' }, meta);
    expect(posted.petitioner.phone).toBeUndefined();
    expect(writerContactsOf(posted)).toEqual(['phone:057164281234']);
    expect(told.detail).toMatchObject({ changed: ['phone', 'writtenBy'], previous: { phone: '0571-64281234', writtenBy: null }, lettersTo: 'petitioner' });
  });

  it('refuses to replace the writer while a letter waits to be told by phone to the one replaced, rather than read it to the new one', () => {
    const registered: Case = {
      ...caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' })),
      postalLetters: [{ id: 'm-1', kind: 'acceptanceNotice', subject: '受理告知书', at: '2026-12-03T01:00:00.000Z', from: '330122', channel: 'phone' }],
    };
    let refused: RuleViolation | undefined;
    try {
      correctPetitioner(registered, { writtenBy: { relation: '父亲', name: '王小红', phone: '13900002222' }, reason: '实为女儿王小红代访' }, meta);
    } catch (error) {
      refused = error as RuleViolation;
    }
    expect(refused).toMatchObject({ code: 'RuleViolation', field: 'writtenBy' });
    expect(refused?.chinese).toContain('王小明');
    // Once told, the writer is replaced.
    const told: Case = { ...registered, postalLetters: [{ ...registered.postalLetters![0]!, toldAt: '2026-12-04T01:00:00.000Z' }] };
    expect(correctPetitioner(told, { writtenBy: { relation: '父亲', name: '王小红', phone: '13900002222' }, reason: '实为女儿王小红代访' }, meta).case.petitioner.phone).toBe('13900002222');
  });

  it('mends the relation of the writer as recorded (the console starts 添加或更换 from it), even while a letter waits to be told to him by phone', () => {
    const registered: Case = {
      ...caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '邻居', name: '王小明', phone: '13900001111' })),
      postalLetters: [{ id: 'm-1', kind: 'acceptanceNotice', subject: '受理告知书', at: '2026-12-03T01:00:00.000Z', from: '330122', channel: 'phone' }],
    };
    const { case: corrected, event } = correctPetitioner(registered, { writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' }, reason: '王小明系信访人之子，登记有误' }, meta);
    // The same son at the same number: the letter waiting for his call still reaches him.
    expect(corrected.petitioner).toEqual({ anonymous: false, name: '王大山', phone: '13900001111', writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } });
    expect(event.detail).toMatchObject({ changed: ['writtenBy'], previous: { writtenBy: { relation: '邻居', name: '王小明', phone: '13900001111' } }, lettersTo: 'writer' });
  });

  it('posts to the father’s home by his name once his address is learnt, the daughter’s number staying hers for staff', () => {
    const registered = caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' }));
    const { case: corrected, event } = correctPetitioner(registered, { address: '桐庐县分水镇东溪村3组', reason: '王小明来电告知父亲的住址' }, meta);
    // As at registration: an address is the petitioner's own, so the letter posted to his home names him, not her.
    expect(goesByPost(corrected)).toBe(true);
    expect(addressedAs(corrected.petitioner)).toBe('王大山');
    expect(writerIsContact(corrected.petitioner)).toBe(false);
    // Her number is hers: found at the desk as the writer's, never linking another person's petition as his repeat.
    expect(corrected.petitioner.writtenBy).toEqual({ relation: '父亲', name: '王小明', phone: '13900001111', petitionerOwnContact: true });
    expect(writerContactsOf(corrected)).toEqual(['phone:13900001111']);
    expect(event.detail).toMatchObject({ changed: ['address', 'phone'], previous: { address: null, phone: '13900001111' } });
  });

  it('refuses, in Chinese, a writer with the petitioner’s name, relation 本人, a writer for an anonymous petition, and a writer as recorded', () => {
    const registered = caseOf({ anonymous: false, name: '王大山', phone: '13700003333' });
    const refusal = (request: Parameters<typeof correctPetitioner>[1], on = registered) => {
      try {
        correctPetitioner(on, request, meta);
      } catch (error) {
        return error as RuleViolation;
      }
      throw new Error('not refused');
    };
    expect(refusal({ writtenBy: { relation: '父亲', name: '王大山', phone: '13900001111' }, reason: '补录' })).toMatchObject({ code: 'RuleViolation', field: 'writtenBy.name' });
    expect(refusal({ name: '王小明', writtenBy: { relation: '父亲', name: '王 小明', phone: '13900001111' }, reason: '补录' }).chinese).toBe('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人');
    expect(refusal({ writtenBy: { relation: '本人', phone: '13900001111' }, reason: '补录' }).chinese).toBe('信访人本人反映的，无需填写代为反映人');
    expect(refusal({ writtenBy: { relation: '父亲', phone: '13900001111' }, reason: '补录' }, caseOf({ anonymous: true }))).toMatchObject({ code: 'RuleViolation', field: 'writtenBy' });
    const withWriter = caseOf(petitionerWithWriter({ anonymous: false, name: '王大山' }, { relation: '父亲', name: '王小明', phone: '13900001111' }));
    // The name corrected to the writer's, the writer kept: one person on both sides, so the writer must go too.
    expect(refusal({ name: '王小明', reason: '系王小明本人的事项' }, withWriter)).toMatchObject({ field: 'name', chinese: '更正后的姓名与代为反映人相同：系信访人本人反映的，请同时删除代为反映人' });
    expect(refusal({ writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' }, reason: '核对' }, withWriter).chinese).toBe('没有需要更正的内容：所填信息与登记的一致');
    expect(refusal({ writtenBy: null, reason: '核对' }).chinese).toBe('没有需要更正的内容：所填信息与登记的一致');
  });
});
