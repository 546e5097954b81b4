import { SessionResponseSchema, type SessionResponse, type SignInRequest } from '@bts-console/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api-client';
import { sessionQueryOptions } from './get-session';

export async function signIn(request: SignInRequest): Promise<SessionResponse> {
  return (await apiRequest('/api/session', SessionResponseSchema, { method: 'POST', body: request })).body;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      // Another user may have signed in on this tab: nothing cached for the previous one may show.
      queryClient.clear();
      queryClient.setQueryData(sessionQueryOptions().queryKey, session);
    },
  });
}
