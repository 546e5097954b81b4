import { Navigate, useNavigate, useParams } from 'react-router';
import { CertificatePresencePanel } from '../../features/certificates/components/certificate-presence-panel';
import { SelectCertificateDialog } from '../../features/certificates/components/select-certificate-dialog';
import { useGroup } from '../../features/group/api/get-group';
import { scheduleReplacement } from '../../features/lifecycle/api/create-replacement';
import { SendPortPropertiesDialog } from '../../features/send-ports/components/send-port-properties-dialog';
import { SEND_PORT_PAGES, consolePaths, type SendPortPage } from '../../lib/console-paths';
import type { SendPortsLocationState } from './send-ports';

export default function SendPortPropertiesRoute() {
  const { application = '', port = '', page } = useParams();
  const navigate = useNavigate();
  const group = useGroup();
  const localComputer = group.data?.computers.find((computer) => computer.role === 'Console')?.name ?? null;

  const known = SEND_PORT_PAGES.find((candidate) => candidate.segment === page);
  if (!known) return <Navigate to={consolePaths.sendPortProperties(application, port, 'general')} replace />;

  return (
    <SendPortPropertiesDialog
      key={port}
      name={port}
      page={known.segment}
      onPageChange={(next: SendPortPage) =>
        navigate(consolePaths.sendPortProperties(application, port, next))
      }
      onClose={(warnings) => {
        const state: SendPortsLocationState = {
          returnFocusTo: port,
          ...(warnings && warnings.length > 0 ? { savedPort: port, warnings } : {}),
        };
        navigate(consolePaths.sendPorts(application), { state });
      }}
      localComputer={localComputer}
      renderSelectCertificate={(props) => <SelectCertificateDialog {...props} computer={localComputer} />}
      renderPresencePanel={(props) => <CertificatePresencePanel {...props} />}
      scheduleAssignment={async ({ port: name, etag, from, to, at }) => {
        await scheduleReplacement({ from, to, at, ports: [{ name, etag }], onlyListedPorts: true });
      }}
    />
  );
}
