import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorMessage } from '../lib/api-client';

/** What a route shows when it fails to load or render, instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <div style={{ padding: 24, maxWidth: 720 }}>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>This view could not be shown</MessageBarTitle>
          {text}
        </MessageBarBody>
      </MessageBar>
      <Button style={{ marginTop: 12 }} onClick={() => window.location.reload()}>
        Reload
      </Button>
    </div>
  );
}
