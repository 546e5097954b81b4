import type { Warning } from '@bts-console/domain';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { DismissRegular, SendRegular } from '@fluentui/react-icons';
import { Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { SendPortsGrid } from '../../features/send-ports/components/send-ports-grid';
import { consolePaths } from '../../lib/console-paths';

/** What the Properties dialog hands back when OK saved with warnings: shown above the list. */
export type SendPortsLocationState = {
  savedPort?: string;
  warnings?: Warning[];
  returnFocusTo?: string;
} | null;

export default function SendPortsRoute() {
  const application = useParams().application ?? '';
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as SendPortsLocationState;
  const warnings = state?.warnings ?? [];

  return (
    <>
      <ResultsHeader title="Send Ports" icon={<SendRegular />} description={application} />
      {warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 8, flexShrink: 0 }}>
          <MessageBarBody>
            <MessageBarTitle>
              {state?.savedPort} saved, with{' '}
              {warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}
            </MessageBarTitle>
            {warnings.map((warning) => (
              <div key={warning.code}>{warning.message}</div>
            ))}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                aria-label="Dismiss"
                appearance="transparent"
                icon={<DismissRegular />}
                onClick={() => navigate(location.pathname, { replace: true, state: null })}
              />
            }
          />
        </MessageBar>
      )}
      <SendPortsGrid
        key={application}
        application={application}
        returnFocusTo={state?.returnFocusTo ?? null}
        onOpenProperties={(port) => navigate(consolePaths.sendPortProperties(application, port, 'general'))}
        onSendTestMessage={(port) => navigate(consolePaths.sendTestMessage(application, port))}
      />
      <Outlet />
    </>
  );
}
