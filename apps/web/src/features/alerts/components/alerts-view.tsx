import type { Alert } from '@bts-console/domain';
import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Link } from 'react-router';
import { QueryView, RefreshAction } from '../../../components/query-view';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { consolePaths } from '../../../lib/console-paths';
import { useAlerts } from '../api/get-alerts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  cellText: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
  thumbprint: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  attempts: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

const WEBHOOK_BADGE: Record<Alert['webhook']['status'], 'success' | 'warning' | 'danger' | 'informative'> = {
  delivered: 'success',
  pending: 'warning',
  failed: 'danger',
  'not-configured': 'informative',
};

const WEBHOOK_TEXT: Record<Alert['webhook']['status'], string> = {
  delivered: 'Delivered',
  pending: 'Retrying',
  failed: 'Failed',
  'not-configured': 'No webhook',
};

function eventText(alert: Alert): string {
  if (alert.event === 'certificate.expired') return 'Expired';
  if (alert.event === 'certificate.replacement-failed') return 'Scheduled replacement failed';
  return `Expiring: ${alert.daysLeft === 1 ? '1 day' : `${alert.daysLeft} days`} left (threshold ${alert.thresholdDays} days)`;
}

/**
 * Certificates → Alerts: each expiry alert the scheduler raised, each scheduled replacement that failed,
 * the servers whose event log got it, and every webhook attempt with its outcome and response code
 * (DESIGN §13).
 */
export function AlertsView() {
  const styles = useStyles();
  const alerts = useAlerts();
  return (
    <>
      <QueryView query={alerts} loading="Loading the alerts…" failed="The alerts could not be loaded">
        {({ items, total }) => (
          <div className={styles.root}>
            <Text className={styles.muted} role="status">
              {total === 0
                ? 'No alert has been raised: no certificate in use has crossed a warning threshold.'
                : items.length < total
                  ? `The newest ${items.length} of ${total} alerts.`
                  : `${total} ${total === 1 ? 'alert' : 'alerts'}.`}
            </Text>
            {items.length > 0 && (
              <Table size="small" aria-label="Alerts">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Raised</TableHeaderCell>
                    <TableHeaderCell>Certificate</TableHeaderCell>
                    <TableHeaderCell>Alert</TableHeaderCell>
                    <TableHeaderCell>Event log on</TableHeaderCell>
                    <TableHeaderCell>Webhook</TableHeaderCell>
                    <TableHeaderCell>Attempts</TableHeaderCell>
                    <TableHeaderCell>Response code</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((alert) => (
                    <TableRow
                      key={alert.id}
                      aria-label={`${alert.commonName ?? alert.thumbprint}: ${eventText(alert)}`}
                    >
                      <TableCell>{formatDateTime(alert.raisedAt)}</TableCell>
                      <TableCell>
                        <span className={styles.cellText}>
                          <Link to={consolePaths.certificate(alert.thumbprint)}>
                            {alert.commonName ?? '(no common name)'}
                          </Link>
                          <span className={styles.thumbprint}>{alert.thumbprint}</span>
                        </span>
                      </TableCell>
                      <TableCell>
                        <span className={styles.cellText}>
                          <Badge
                            appearance={alert.event === 'certificate.expiring' ? 'tint' : 'filled'}
                            color={alert.event === 'certificate.expiring' ? 'warning' : 'danger'}
                          >
                            {eventText(alert)}
                          </Badge>
                          {alert.replacement && (
                            <Text size={200}>
                              Due {formatDateTime(alert.replacement.at)}: {alert.replacement.message}
                            </Text>
                          )}
                        </span>
                      </TableCell>
                      <TableCell>{alert.servers.join(', ')}</TableCell>
                      <TableCell>
                        <Badge appearance="tint" color={WEBHOOK_BADGE[alert.webhook.status]}>
                          {WEBHOOK_TEXT[alert.webhook.status]}
                        </Badge>
                      </TableCell>
                      <TableCell>
                        {alert.webhook.attempts.length === 0 ? (
                          <span className={styles.muted}>0</span>
                        ) : (
                          <ol
                            className={styles.attempts}
                            aria-label={`Webhook attempts (${alert.webhook.attempts.length})`}
                          >
                            {alert.webhook.attempts.map((attempt, index) => (
                              <li key={index}>
                                {formatDateTime(attempt.at)}: {attempt.outcome}
                                {attempt.responseCode !== null ? ` (${attempt.responseCode})` : ''}
                                {attempt.error && attempt.responseCode === null ? `: ${attempt.error}` : ''}
                              </li>
                            ))}
                          </ol>
                        )}
                      </TableCell>
                      <TableCell>{alert.webhook.lastResponseCode ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </div>
        )}
      </QueryView>
      <RefreshAction title="Alerts" onRefresh={() => void alerts.refetch()} />
    </>
  );
}
