import { describe, expect, it } from 'vitest';
import { addressedAs, type Case, type Petitioner } from '../../shared/domain/case.js';
import { correctPetitioner } from '../../shared/domain/petitioner-correction.js';
import { petitionerWithWriter } from '../../shared/domain/petition-writer.js';

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
