import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, type Params } from 'react-router';
import { applicationsQueryOptions } from '../features/group/api/get-applications';
import { groupQueryOptions } from '../features/group/api/get-group';
import { ALL_SEND_PORTS_VIEW, sendPortsPageQueryOptions } from '../features/send-ports/api/get-send-ports';
import { sessionQueryOptions, useSession } from '../lib/auth/get-session';
import { consolePaths } from '../lib/console-paths';
import { RouteError } from './route-error';

// Shown while a lazily loaded route module arrives on the first load.
function RouteLoading() {
  return null;
}

type RouteModule = { default: ComponentType };

const loadConsoleLayout = () => import('./routes/console-layout');
const ConsoleLayout = lazy(loadConsoleLayout);

/**
 * The console's frame as a signed-out visit first gets it: the way to the sign-in page, without the
 * frame's code (the tree, the panes and what they share), which arrives once someone has signed in.
 */
function SignedOutFrame() {
  const session = useSession();
  const location = useLocation();
  if (session.data === null)
    return (
      <Navigate
        to={consolePaths.signInReturningTo(`${location.pathname}${location.search}${location.hash}`)}
        replace
      />
    );
  return (
    <Suspense fallback={null}>
      <ConsoleLayout />
    </Suspense>
  );
}

/** Route modules load on demand, so the first screen carries only what it shows. */
function lazyRoute(load: () => Promise<RouteModule>) {
  return async () => ({ Component: (await load()).default });
}

function createConsoleRouter(queryClient: QueryClient) {
  // The session check the provider started; a failed check counts as signed out, and the layout shows it.
  const signedIn = () =>
    queryClient.ensureQueryData(sessionQueryOptions()).then(
      (session) => session !== null,
      () => false,
    );

  /**
   * A page inside the console. The router loads the modules of every route a link matches at once, so a
   * signed-out deep link would otherwise carry all of its page's code to the sign-in page the layout
   * sends it to. Signed out, the page's module waits until the page is first drawn, after sign-in.
   */
  const consoleRoute = (load: () => Promise<RouteModule>) => async () => {
    if (await signedIn()) return { Component: (await load()).default };
    return { Component: lazy(load) };
  };

  /**
   * A page's loader: once someone is signed in, it asks for the page's data with the query options the
   * page uses, beside the page's code, and returns without waiting for it; the page shows its own loading
   * state and its query takes the answer. A list's first page is small work for the server, so the code
   * requested beside it does not wait behind it.
   */
  const prefetchWith =
    (prefetch: (params: Params) => Promise<void>) =>
    async ({ params }: { params: Params }) => {
      if (await signedIn()) void prefetch(params);
      return null;
    };

  return createBrowserRouter([
    {
      path: '/sign-in',
      lazy: lazyRoute(() => import('./routes/sign-in')),
      ErrorBoundary: RouteError,
      HydrateFallback: RouteLoading,
    },
    {
      path: '/',
      // Signed out, the frame only sends the visitor to the sign-in page (SignedOutFrame).
      lazy: async () =>
        (await signedIn())
          ? { Component: (await loadConsoleLayout()).default }
          : { Component: SignedOutFrame },
      // The console tree's data, asked for as soon as the session check answers: before the page's data,
      // so the tree can be drawn while a large list is built. Later, the tree's queries keep it fresh.
      loader: async () => {
        if (await signedIn()) {
          void queryClient.prefetchQuery(groupQueryOptions());
          void queryClient.prefetchQuery(applicationsQueryOptions());
        }
        return null;
      },
      shouldRevalidate: () => false,
      ErrorBoundary: RouteError,
      HydrateFallback: RouteLoading,
      children: [
        { index: true, lazy: consoleRoute(() => import('./routes/console-root')) },
        { path: 'group', lazy: consoleRoute(() => import('./routes/group')) },
        {
          path: 'group/suspended-instances',
          lazy: consoleRoute(() => import('./routes/suspended-instances')),
        },
        { path: 'applications', lazy: consoleRoute(() => import('./routes/applications')) },
        { path: 'applications/:application', lazy: consoleRoute(() => import('./routes/application')) },
        {
          path: 'applications/:application/send-ports',
          loader: prefetchWith((params) =>
            queryClient.prefetchQuery(
              sendPortsPageQueryOptions(params.application ?? '', ALL_SEND_PORTS_VIEW, 1),
            ),
          ),
          lazy: consoleRoute(() => import('./routes/send-ports')),
          children: [
            {
              path: ':port/properties/:page?',
              lazy: consoleRoute(() => import('./routes/send-port-properties')),
            },
            { path: ':port/test-message', lazy: consoleRoute(() => import('./routes/send-test-message')) },
          ],
        },
        {
          path: 'applications/:application/:segment',
          lazy: consoleRoute(() => import('./routes/artifacts')),
        },
        { path: 'parties', lazy: consoleRoute(() => import('./routes/artifacts')) },
        { path: 'platform-settings', lazy: consoleRoute(() => import('./routes/platform-settings')) },
        { path: 'platform-settings/servers', lazy: consoleRoute(() => import('./routes/servers')) },
        {
          path: 'platform-settings/servers/:computer/event-viewer',
          lazy: consoleRoute(() => import('./routes/event-viewer')),
        },
        { path: 'platform-settings/:segment', lazy: consoleRoute(() => import('./routes/platform-node')) },
        { path: 'certificates', lazy: consoleRoute(() => import('./routes/certificates')) },
        {
          path: 'certificates/in-use',
          lazy: consoleRoute(() => import('./routes/certificates-in-use')),
          children: [
            {
              path: ':thumbprint/replace',
              lazy: consoleRoute(() => import('./routes/replace-certificate')),
            },
          ],
        },
        { path: 'certificates/alerts', lazy: consoleRoute(() => import('./routes/alerts')) },
        { path: 'certificates/computers/:computer', lazy: consoleRoute(() => import('./routes/computer')) },
        {
          path: 'certificates/computers/:computer/other-people',
          lazy: consoleRoute(() => import('./routes/other-people-store')),
        },
        {
          path: 'certificates/:thumbprint',
          lazy: consoleRoute(() => import('./routes/certificate-details')),
          children: [
            {
              path: 'replace',
              lazy: consoleRoute(() => import('./routes/replace-certificate-from-details')),
            },
          ],
        },
        { path: 'audit', lazy: consoleRoute(() => import('./routes/audit')) },
        { path: '*', lazy: consoleRoute(() => import('./routes/not-found')) },
      ],
    },
  ]);
}

let router: ReturnType<typeof createConsoleRouter> | undefined;

export function AppRouter() {
  const queryClient = useQueryClient();
  router ??= createConsoleRouter(queryClient);
  return <RouterProvider router={router} />;
}
