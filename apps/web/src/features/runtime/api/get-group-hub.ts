import { GROUP_HUB_PROBLEMS_PAGE_SIZE, GroupHubSchema, type GroupHub } from '@bts-console/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { usePagedRows } from '../../../lib/use-paged-rows';

/** A page of the Group Hub as the console reads it: its certificate problems as rows, with their total. */
export type GroupHubPage = {
  items: GroupHub['certificateProblems'];
  total: number;
  suspendedBySendPort: GroupHub['suspendedBySendPort'];
};

/** The Group Hub with its certificate problems' page `page` (from 1), by application then send port name. */
export async function getGroupHubPage(page: number, signal?: AbortSignal): Promise<GroupHubPage> {
  const search = new URLSearchParams({
    limit: String(GROUP_HUB_PROBLEMS_PAGE_SIZE),
    offset: String((page - 1) * GROUP_HUB_PROBLEMS_PAGE_SIZE),
  });
  const hub = await apiGet(`/api/group/hub?${search.toString()}`, GroupHubSchema, signal);
  return {
    items: hub.certificateProblems,
    total: hub.certificateProblemsTotal,
    suspendedBySendPort: hub.suspendedBySendPort,
  };
}

/** Every page starts with this key, so that whatever changes the hub refreshes them all. */
export const groupHubQueryKey = ['group', 'hub'] as const;

export const groupHubPageQueryOptions = (page: number) =>
  queryOptions({
    queryKey: [...groupHubQueryKey, page],
    queryFn: ({ signal }) => getGroupHubPage(page, signal),
    // An overview administrators leave open: it keeps itself current.
    refetchInterval: 60_000,
  });

/**
 * The Group Hub as the console reads it: the first page's tiles and suspended instances, and the certificate
 * problems a page at a time as the table scrolls (`onRowsInView`), with their total.
 */
export function usePagedGroupHub() {
  return usePagedRows({
    view: 'group-hub',
    pageSize: GROUP_HUB_PROBLEMS_PAGE_SIZE,
    pageQuery: groupHubPageQueryOptions,
  });
}
