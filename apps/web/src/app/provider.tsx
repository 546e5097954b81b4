import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { NotificationsProvider } from '../components/notify';
import { ApiError } from '../lib/api-client';
import { sessionQueryOptions } from '../lib/auth/get-session';

function createQueryClient(): QueryClient {
  // Any 401 means the session ended (idle timeout, sign-out elsewhere): forget it, and the layout sends the
  // user to the sign-in page, which brings them back here afterwards.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401)
      queryClient.setQueryData(sessionQueryOptions().queryKey, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  });
  // Who is signed in decides the first screen: ask while the route modules are still loading. On the first
  // load this takes the answer to index.html's preload of /api/session, asked while the scripts loaded.
  void queryClient.prefetchQuery(sessionQueryOptions());
  return queryClient;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <QueryClientProvider client={queryClient}>
        <NotificationsProvider>{children}</NotificationsProvider>
      </QueryClientProvider>
    </FluentProvider>
  );
}
