import { Button, Text } from '@fluentui/react-components';
import { Suspense, lazy } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorMessage } from '../lib/api-client';

/** The words alone: while the message bar's code loads, or when the failure is the network itself. */
function PlainRouteError({ title, text }: { title: string; text: string }) {
  return (
    <div role="alert">
      <Text weight="semibold" block>
        {title}
      </Text>
      <Text block>{text}</Text>
    </div>
  );
}

const RouteErrorBar = lazy(() =>
  import('./route-error-bar').then(
    (module) => ({ default: module.RouteErrorBar }),
    () => ({ default: PlainRouteError }),
  ),
);

/** What a route shows when it fails to load or render, instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  const title = 'This view could not be shown';
  return (
    <div style={{ padding: 24, maxWidth: 720 }}>
      <Suspense fallback={<PlainRouteError title={title} text={text} />}>
        <RouteErrorBar title={title} text={text} />
      </Suspense>
      <Button style={{ marginTop: 12 }} onClick={() => window.location.reload()}>
        Reload
      </Button>
    </div>
  );
}
