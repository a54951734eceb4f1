import { mapWithConcurrency } from '../util/concurrency.js';

/** How a scheduled run over due cases is paced; the caller's defaults fill what is left out. */
export interface DueRunOptions {
  pageSize?: number;
  concurrency?: number;
  /** Epoch ms after which no further page is read: the next run finds the rest still due. */
  stopAt?: number;
  onError?: (caseNumber: string, error: unknown) => void;
}

/**
 * One scheduled run over the cases an index gives as due (the sweep, the
 * retention run): page by page, each case worked on its own with a bounded
 * number in flight. A case that throws is counted as failed and left for the
 * next run, which finds it still due; a run out of time stops between pages.
 */
export async function runOverDueCases(
  readPage: (query: { limit: number; cursor?: string }) => Promise<{ caseNumbers: string[]; cursor?: string | undefined }>,
  opts: DueRunOptions & { pageSize: number; concurrency: number },
  work: (caseNumber: string) => Promise<void>,
): Promise<{ due: number; failed: number; incomplete: boolean }> {
  const run = { due: 0, failed: 0, incomplete: false };
  let cursor: string | undefined;
  do {
    if (opts.stopAt !== undefined && Date.now() > opts.stopAt) {
      run.incomplete = true;
      break;
    }
    const page = await readPage({ limit: opts.pageSize, ...(cursor ? { cursor } : {}) });
    run.due += page.caseNumbers.length;
    await mapWithConcurrency(page.caseNumbers, opts.concurrency, async (caseNumber) => {
      try {
        await work(caseNumber);
      } catch (error) {
        run.failed += 1;
        opts.onError?.(caseNumber, error);
      }
    });
    cursor = page.cursor;
  } while (cursor);
  return run;
}
