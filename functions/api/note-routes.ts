import { addNoteToCase } from '../../shared/app/add-note.js';
import { staffCaseView } from '../../shared/app/linked-cases.js';
import { json, parseInput } from '../lib/http.js';
import { ACTION_ERRORS, caseAnswer, onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';
import { caseNoteBodySchema, idempotencyKeySchema } from './schemas.js';

/** 办理记录: what staff write down while they work a case (shared/domain/case-note.ts). */
export const noteRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/notes',
    operationId: 'addCaseNote',
    summary: '办理记录: a progress note, an investigation note, or a leader’s instruction (批示) on the case',
    description:
      'Until the case is archived (409 after). `kind` `progress` (办理进展) and `investigation` (调查核实情况): whoever works the case — the staff (handler, unitHead) of the lead unit, and the petitions office, leaders and administrator of the case’s own jurisdiction (of the reviewing level while a review waits); not a cooperating unit, nor an office above (403). `instruction` (领导批示): leaders of the case’s jurisdiction or a level above (403 for everyone else). 404 for whoever may not see the case. The case keeps the note (`notes`: seq, kind, text, by, at, toldPetitioner) with a `noteAdded` event (who, when, kind, text). `tellPetitioner` (告知信访人, a progress note only; 400 otherwise, 422 for an anonymous petition) shows the progress on the petitioner’s tracking page and, where they gave an email, emails it to them in the same change (template `progressNotice`); without email, to one who left a telephone number, it goes on the office’s 待电话告知 list (`lettersToPhone`, kept on the case as `postalLetters` with `channel: phone`) until staff record the call (POST /cases/{caseNumber}/letters/phoned); it is never posted. Without it nothing reaches the petitioner. The text is never written to the logs. With an Idempotency-Key, a repeat answers 200 with the case as it stands, adding and sending nothing, even when the case moved on since `expectedVersion` (another note under the same key: 422 IdempotencyKeyReused); without one, the same note as the author’s latest adds nothing either.',
    tags: ['Decisions'],
    ...onCase,
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'A key of the form’s choosing (8–128 characters): the same note again with it adds and sends nothing more; with another note, 422.' }],
    body: { schema: caseNoteBodySchema },
    responses: [caseAnswer('Added (or added already: the same note again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const { kind, text, tellPetitioner, expectedVersion } = body();
      const added = await addNoteToCase(deps, params().caseNumber, actor(), {
        kind,
        text,
        tellPetitioner: tellPetitioner === true,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        ...(key !== undefined ? { noteKey: key } : {}),
      });
      return json(200, { case: await staffCaseView(deps, actor(), added.case) });
    },
  }),
];
