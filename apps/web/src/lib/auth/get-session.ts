import { SessionResponseSchema, type SessionResponse } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, apiGet } from '../api-client';

/** Who is signed in, or null when nobody is (the API answers 401). */
export async function getSession(signal?: AbortSignal): Promise<SessionResponse | null> {
  try {
    return await apiGet('/api/session', SessionResponseSchema, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: ['session'],
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 60_000,
  });

export function useSession() {
  return useQuery(sessionQueryOptions());
}
