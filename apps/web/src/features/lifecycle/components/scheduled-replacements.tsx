import type { ScheduledReplacement } from '@bts-console/domain';
import {
  Subtitle2,
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
import { useId } from 'react';
import { GuardedButton } from '../../../components/guarded-button';
import { useNotify } from '../../../components/notify';
import { QueryView } from '../../../components/query-view';
import { errorMessage } from '../../../lib/api-client';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { REPLACEMENTS_PAGE_SIZE, useCancelReplacement, useReplacements } from '../api/get-replacements';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const STATUS_TEXT: Record<ScheduledReplacement['status'], string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function certificateName(certificate: ScheduledReplacement['from']): string {
  return certificate.commonName ?? certificate.thumbprint;
}

/** Replacements scheduled for a later time: pending ones can be cancelled; done and failed ones say how it went. */
export function ScheduledReplacements() {
  const styles = useStyles();
  const heading = useId();
  const replacements = useReplacements();
  const cancel = useCancelReplacement();
  const notify = useNotify();
  const permissions = usePermissions();

  return (
    <section className={styles.section} aria-labelledby={heading}>
      <Subtitle2 as="h2" id={heading}>
        Scheduled replacements
      </Subtitle2>
      <QueryView
        query={replacements}
        loading="Loading the scheduled replacements…"
        failed="The scheduled replacements could not be read"
      >
        {({ items, total }) => (
          <>
            {items.length === 0 && <Text className={styles.muted}>No replacement is scheduled.</Text>}
            {total > items.length && (
              <Text size={200} className={styles.muted}>
                Showing {items.length} of {total} (the latest {REPLACEMENTS_PAGE_SIZE}).
              </Text>
            )}
            {items.length > 0 && (
              <Table size="small" aria-labelledby={heading}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>When</TableHeaderCell>
                    <TableHeaderCell>Replace</TableHeaderCell>
                    <TableHeaderCell>With</TableHeaderCell>
                    <TableHeaderCell>Send Ports</TableHeaderCell>
                    <TableHeaderCell>Status</TableHeaderCell>
                    <TableHeaderCell>Scheduled by</TableHeaderCell>
                    <TableHeaderCell />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((replacement) => (
                    <TableRow key={replacement.id}>
                      <TableCell>{formatDateTime(replacement.at)}</TableCell>
                      <TableCell>{certificateName(replacement.from)}</TableCell>
                      <TableCell>{certificateName(replacement.to)}</TableCell>
                      <TableCell>{replacement.ports.map((port) => port.name).join(', ')}</TableCell>
                      <TableCell>
                        {STATUS_TEXT[replacement.status]}
                        {replacement.failure ? `: ${replacement.failure.message}` : ''}
                      </TableCell>
                      <TableCell>{replacement.createdBy}</TableCell>
                      <TableCell>
                        {replacement.status === 'pending' && (
                          <GuardedButton
                            size="small"
                            deniedReason={permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS}
                            disabled={cancel.isPending}
                            aria-label={`Cancel the replacement of ${certificateName(replacement.from)} at ${formatDateTime(replacement.at)}`}
                            onClick={() =>
                              cancel.mutate(replacement.id, {
                                onSuccess: () => notify('success', 'Scheduled replacement cancelled'),
                                onError: (error) => notify('error', errorMessage(error)),
                              })
                            }
                          >
                            Cancel
                          </GuardedButton>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
