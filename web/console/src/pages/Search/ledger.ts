import { api } from '../../api/client';
import type { CaseStatus } from '../../api/types';
import { saveFile } from '../../lib/save-file';
import { attachmentName } from '../Statistics/report';

export interface LedgerRequest {
  jurisdiction: string;
  /** The list's status filter: one status, every open one (`open`), or every one (`any`). */
  status: CaseStatus | 'open' | 'any';
  /** First and last day received, China dates. */
  from: string;
  to: string;
}

/** The API's 信访台账 (GET /cases/ledger), saved under the name the API gives it; a refusal is thrown as ApiError. */
export async function downloadLedger(request: LedgerRequest): Promise<void> {
  const { data, response } = await api.GET('/cases/ledger', { params: { query: request }, parseAs: 'blob' });
  if (data) saveFile(data, attachmentName(response.headers.get('content-disposition'), `ledger-${request.jurisdiction}-${request.from}-${request.to}.csv`));
}
