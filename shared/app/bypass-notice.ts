import { coversJurisdiction, type Actor } from '../domain/access.js';
import { giveBypassNotice } from '../domain/bypass-notice.js';
import { addressedAs, type Case } from '../domain/case.js';
import { formatChinaDateTime, formatChinaLastDay } from '../domain/case-number.js';
import { OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { renderTemplate } from '../domain/templates.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/**
 * 越级上访告知单 (shared/domain/bypass-notice.ts): the office the visitor came
 * to writes the slip in its own wording and keeps it on the case in the same
 * change; staff print it from the case's letters and hand it over.
 */
export function giveCaseBypassNotice(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { expectedVersion?: number | undefined } = {}): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'giveBypassNotice',
    ({ case: current }, at) => {
      // The level the visitor came to speaks: not the office below that now has the case.
      if (!coversJurisdiction(actor, current.receivingOffice, deps.province.tree)) {
        const office = deps.province.jurisdiction(current.receivingOffice).office.name;
        throw new OutOfScope(`the 越级上访告知单 of case ${caseNumber} is given by ${office}, where the visitor came`).inChinese(`信访事项 ${caseNumber} 的越级上访告知单由来访人所到的${office}出具`);
      }
      const given = giveBypassNotice(current, { text: bypassSlip(deps.province, current, at) }, { at, actor: actor.staffId });
      return { case: given.case, event: given.event, message: given.message };
    },
    request.expectedVersion,
  );
}

function bypassSlip(province: Province, c: Case, at: string): string {
  const office = province.jurisdiction(c.receivingOffice).office;
  const competent = province.jurisdiction(c.bypass?.competent ?? c.jurisdiction).office;
  const contact = [competent.address ? `地址：${competent.address}` : '', competent.phone ? `电话：${competent.phone}` : ''].filter(Boolean).join('；');
  // Where the matter is now: handed to the competent level (or a unit of it), or still here.
  const handedDown = c.jurisdiction !== c.receivingOffice && province.tree.isWithin(c.jurisdiction, c.bypass?.competent ?? c.jurisdiction);
  const holder = c.handling ? province.unit(c.handling.lead).name : province.jurisdiction(c.jurisdiction).office.name;
  return renderTemplate('bypassNotice', province.templateFor('bypassNotice', c.receivingOffice), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner, '来访人'),
    subject: c.subject ?? '（无主题）',
    receivedAt: formatChinaDateTime(c.receivedAt),
    competent: competent.name,
    contact: contact ? `（${contact}）` : '',
    handledBy: handedDown ? `本机关已将您反映的问题转交${holder}办理，办理结果将由其答复您。` : '',
    date: formatChinaLastDay(new Date(Date.parse(at) + 1).toISOString()),
  }).body;
}
