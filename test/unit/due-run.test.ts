import { describe, expect, it } from 'vitest';
import { runOverDueCases } from '../../shared/app/due-run.js';

const pages: Record<string, { caseNumbers: string[]; cursor?: string }> = {
  first: { caseNumbers: ['A-1', 'A-2', 'A-3'], cursor: 'second' },
  second: { caseNumbers: ['B-1', 'B-2'] },
};

describe('a scheduled run over due cases', () => {
  it('works every case of every page, and a case that fails is counted and left for the next run', async () => {
    const worked: string[] = [];
    const failed: string[] = [];
    const run = await runOverDueCases(
      async ({ cursor }) => pages[cursor ?? 'first']!,
      { pageSize: 3, concurrency: 2, onError: (caseNumber) => failed.push(caseNumber) },
      async (caseNumber) => {
        if (caseNumber === 'A-2') throw new Error('throttled');
        worked.push(caseNumber);
      },
    );
    expect(run).toEqual({ due: 5, failed: 1, incomplete: false });
    expect(worked.sort()).toEqual(['A-1', 'A-3', 'B-1', 'B-2']);
    expect(failed).toEqual(['A-2']);
  });

  it('stops between pages once its time is up, and says the run is incomplete', async () => {
    const read: (string | undefined)[] = [];
    let stopAt = Date.now() + 60_000;
    const run = await runOverDueCases(
      async ({ cursor, limit }) => {
        read.push(cursor);
        expect(limit).toBe(3);
        return pages[cursor ?? 'first']!;
      },
      { pageSize: 3, concurrency: 1, get stopAt() { return stopAt; } },
      async () => {
        stopAt = Date.now() - 1;
      },
    );
    expect(read).toEqual([undefined]);
    expect(run).toEqual({ due: 3, failed: 0, incomplete: true });
  });
});
