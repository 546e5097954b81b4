import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  firstWarningDays,
  SessionResponseSchema,
  type SessionResponse,
} from '@bts-console/domain';
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

/**
 * The server's BTS_EXPIRY_WARNING_DAYS, largest first, as the session gives them: the console judges
 * "expiring" and colours badges by these, as the API does. The console is shown only once the session is
 * read, so the default stands only outside it.
 */
export function useExpiryWarningDays(): readonly number[] {
  return useSession().data?.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
}

/** The first of them: from it on a certificate is expiring (DESIGN §12). */
export function useExpiringWithinDays(): number {
  return firstWarningDays(useExpiryWarningDays());
}
