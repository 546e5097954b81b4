import { useNavigate, useParams } from 'react-router';
import { SendTestMessageDialog } from '../../features/runtime/components/send-test-message-dialog';
import { consolePaths } from '../../lib/console-paths';
import type { SendPortsLocationState } from './send-ports';

/** `/applications/:application/send-ports/:port/test-message`: the dialog over the port's list. */
export default function SendTestMessageRoute() {
  const { application = '', port = '' } = useParams();
  const navigate = useNavigate();
  return (
    <SendTestMessageDialog
      key={port}
      sendPortName={port}
      open
      onOpenChange={(open) => {
        if (open) return;
        const state: SendPortsLocationState = { returnFocusTo: port };
        navigate(consolePaths.sendPorts(application), { state });
      }}
    />
  );
}
