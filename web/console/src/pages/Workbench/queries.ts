import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { WorkListId } from '../../../../../shared/domain/work-lists.js';

/** Cases per page of a work list: a screenful, so the first page is on screen at once; 加载更多 brings the next. */
export const WORK_LIST_PAGE = 20;

/** One work list, page after page by the API's cursor: shared by the workbench and the start-up prefetch (main.tsx). */
export function workListQuery(list: WorkListId) {
  return infiniteQueryOptions({
    queryKey: ['work-list', list],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await api.GET('/work-lists/{list}', { params: { path: { list }, query: { limit: WORK_LIST_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })).data!,
    getNextPageParam: (last) => last.cursor,
  });
}
