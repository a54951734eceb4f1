import { api } from '../../api/client';
import { saveFile } from '../../lib/save-file';
import { attachmentName, type StatisticsQuery } from './report';

/** The API's CSV of the figures (GET /statistics?format=csv), saved under the name the API gives it. */
export async function downloadStatisticsCsv(query: Omit<StatisticsQuery, 'format'>): Promise<void> {
  const { data, response } = await api.GET('/statistics', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' });
  if (data) saveFile(data, attachmentName(response.headers.get('content-disposition'), `statistics-${query.jurisdiction}-${query.from}-${query.to}.csv`));
}

/** The API's CSV of the screening list (GET /statistics/unresolved?format=csv). */
export async function downloadUnresolvedCsv(query: { jurisdiction: string; includeSubordinates: 'true' | 'false'; month?: string }): Promise<void> {
  const { data, response } = await api.GET('/statistics/unresolved', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' });
  if (data) saveFile(data, attachmentName(response.headers.get('content-disposition'), `unresolved-${query.jurisdiction}${query.month ? `-${query.month}` : ''}.csv`));
}
