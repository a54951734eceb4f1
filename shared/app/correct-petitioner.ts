import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { correctPetitioner, type PetitionerCorrection } from '../domain/petitioner-correction.js';
import { contactsOf } from '../domain/registration.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/**
 * 更正信访人信息 (shared/domain/petitioner-correction.ts), with the contacts
 * indexed in the same change: a new number or email finds the case at the
 * desk and links the petitioner's next petition to it (重复信访); an old one
 * no longer does — a number given up or misheard may be a stranger's.
 */
export function correctCasePetitioner(deps: ChangeDeps, caseNumber: string, actor: Actor, request: PetitionerCorrection & { expectedVersion?: number | undefined }): Promise<Case> {
  const { expectedVersion, ...correction } = request;
  return changeCase(
    deps,
    caseNumber,
    actor,
    'correctPetitioner',
    ({ case: current }, at) => {
      const corrected = correctPetitioner(current, correction, { at, actor: actor.staffId });
      const now = contactsOf(corrected.case.petitioner);
      return { ...corrected, contacts: { put: now, remove: contactsOf(current.petitioner).filter((contact) => !now.includes(contact)) } };
    },
    expectedVersion,
  );
}
