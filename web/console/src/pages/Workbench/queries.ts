import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { WorkListId } from '../../../../../shared/domain/work-lists.js';

/** Cases per page of a work list: a screenful, so the first page is on screen at once; 加载更多 brings the next. */
export const WORK_LIST_PAGE = 20;
/** Further requests for a page that came back empty though the list goes on. */
const EMPTY_PAGE_RETRIES = 4;

/** One work list, page after page by the API's cursor: shared by the workbench and the start-up prefetch (main.tsx). */
export function workListQuery(list: WorkListId) {
  return infiniteQueryOptions({
    queryKey: ['work-list', list],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const ask = async (cursor: string | undefined) =>
        (await api.GET('/work-lists/{list}', { params: { path: { list }, query: { limit: WORK_LIST_PAGE, ...(cursor ? { cursor } : {}) } } })).data!;
      let page = await ask(pageParam);
      // A page may come back empty with a cursor when the server stopped reading past cases its filters drop
      // (its read budget): ask on, a few times, rather than show 暂无信访事项 above 加载更多.
      for (let again = 0; again < EMPTY_PAGE_RETRIES && page.items.length === 0 && page.cursor; again++) page = await ask(page.cursor);
      return page;
    },
    getNextPageParam: (last) => last.cursor,
  });
}
