import type { ComponentType } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { RouteError } from './route-error';

// Shown while a lazily loaded route module arrives on the first load.
function RouteLoading() {
  return null;
}

type RouteModule = { default: ComponentType };

/** Route modules load on demand, so the first screen carries only what it shows. */
function lazyRoute(load: () => Promise<RouteModule>) {
  return async () => ({ Component: (await load()).default });
}

const router = createBrowserRouter([
  {
    path: '/sign-in',
    lazy: lazyRoute(() => import('./routes/sign-in')),
    ErrorBoundary: RouteError,
    HydrateFallback: RouteLoading,
  },
  {
    path: '/',
    lazy: lazyRoute(() => import('./routes/console-layout')),
    ErrorBoundary: RouteError,
    HydrateFallback: RouteLoading,
    children: [
      { index: true, lazy: lazyRoute(() => import('./routes/console-root')) },
      { path: 'group', lazy: lazyRoute(() => import('./routes/group')) },
      { path: 'group/suspended-instances', lazy: lazyRoute(() => import('./routes/suspended-instances')) },
      { path: 'applications', lazy: lazyRoute(() => import('./routes/applications')) },
      { path: 'applications/:application', lazy: lazyRoute(() => import('./routes/application')) },
      {
        path: 'applications/:application/send-ports',
        lazy: lazyRoute(() => import('./routes/send-ports')),
        children: [
          { path: ':port/properties/:page?', lazy: lazyRoute(() => import('./routes/send-port-properties')) },
          { path: ':port/test-message', lazy: lazyRoute(() => import('./routes/send-test-message')) },
        ],
      },
      { path: 'applications/:application/:segment', lazy: lazyRoute(() => import('./routes/artifacts')) },
      { path: 'parties', lazy: lazyRoute(() => import('./routes/artifacts')) },
      { path: 'platform-settings', lazy: lazyRoute(() => import('./routes/platform-settings')) },
      { path: 'platform-settings/servers', lazy: lazyRoute(() => import('./routes/servers')) },
      {
        path: 'platform-settings/servers/:computer/event-viewer',
        lazy: lazyRoute(() => import('./routes/event-viewer')),
      },
      { path: 'platform-settings/:segment', lazy: lazyRoute(() => import('./routes/platform-node')) },
      { path: 'certificates', lazy: lazyRoute(() => import('./routes/certificates')) },
      { path: 'certificates/computers/:computer', lazy: lazyRoute(() => import('./routes/computer')) },
      {
        path: 'certificates/computers/:computer/other-people',
        lazy: lazyRoute(() => import('./routes/other-people-store')),
      },
      { path: 'certificates/:thumbprint', lazy: lazyRoute(() => import('./routes/certificate-details')) },
      { path: 'audit', lazy: lazyRoute(() => import('./routes/audit')) },
      { path: '*', lazy: lazyRoute(() => import('./routes/not-found')) },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
