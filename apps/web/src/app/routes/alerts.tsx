import { AlertRegular } from '@fluentui/react-icons';
import { ResultsHeader } from '../../components/results-header';
import { AlertsView } from '../../features/alerts/components/alerts-view';

/** Certificates → Alerts. */
export default function AlertsRoute() {
  return (
    <>
      <ResultsHeader
        title="Alerts"
        icon={<AlertRegular />}
        description="Certificates in use that crossed an expiry warning threshold or expired: the event log entries on their processing servers, and each webhook attempt."
      />
      <AlertsView />
    </>
  );
}
