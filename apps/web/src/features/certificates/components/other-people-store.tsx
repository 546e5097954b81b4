import type { StoreCertificateSummary } from '@bts-console/domain';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, DocumentRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { hasExpired } from '../../../lib/certificate-expiry';
import { GuardedButton } from '../../../components/guarded-button';
import { useNotify } from '../../../components/notify';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid } from '../../../components/results-grid';
import { errorMessage } from '../../../lib/api-client';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { useStoreGrid } from './use-store-grid';
import { useRemoveStoreCertificate } from '../api/remove-store-certificate';
import { STORE_CERTIFICATE_COLUMNS } from './certificate-columns';
import { ImportCertificates } from './import-certificates';
import { useInitialFocus } from '../../../components/use-initial-focus';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    flex: '1 1 auto',
    minHeight: 0,
  },
  list: { flex: '1 1 auto', minHeight: '240px', display: 'flex', flexDirection: 'column' },
  expired: { color: tokens.colorPaletteRedForeground1 },
});

/** One computer's Other People store: its certificates, import, and removal. */
export function OtherPeopleStore({
  computer,
  onOpenCertificate,
}: {
  computer: string;
  onOpenCertificate: (thumbprint: string) => void;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const { certificates, server } = useStoreGrid(computer);
  const removal = useRemoveStoreCertificate();
  const notify = useNotify();
  const [selected, setSelected] = useState<StoreCertificateSummary | null>(null);
  const [confirming, setConfirming] = useState<StoreCertificateSummary | null>(null);
  const cancelDelete = useInitialFocus<HTMLButtonElement>(confirming !== null);
  const deniedReason = permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS;
  const name = (certificate: StoreCertificateSummary) => certificate.subjectCommonName ?? certificate.subject;

  return (
    <div className={styles.root}>
      <ImportCertificates computer={computer} deniedReason={deniedReason} />
      <div className={styles.list}>
        <ResultsGrid
          label="Other People"
          filterLabel="Search certificates"
          items={certificates.items}
          server={server}
          columns={STORE_CERTIFICATE_COLUMNS}
          getRowId={(certificate) => certificate.thumbprint}
          isLoading={certificates.isPending}
          error={
            certificates.isError ? (
              <QueryError
                error={certificates.error}
                title="The store could not be read"
                onRetry={() => void certificates.refetch()}
              />
            ) : null
          }
          emptyMessage={`The Other People store of ${computer} is empty. Import the partners' public certificates here.`}
          selectedId={selected?.thumbprint ?? null}
          onSelect={setSelected}
          onOpen={(certificate) => onOpenCertificate(certificate.thumbprint)}
          rowClassName={(certificate) => (hasExpired(certificate.notAfter) ? styles.expired : undefined)}
        />
      </div>
      <Actions title="Other People">
        <Button
          appearance="subtle"
          icon={<ArrowClockwiseRegular />}
          onClick={() => void certificates.refetch()}
        >
          Refresh
        </Button>
      </Actions>
      {selected && (
        <Actions title={name(selected)}>
          <Button
            appearance="subtle"
            icon={<DocumentRegular />}
            onClick={() => onOpenCertificate(selected.thumbprint)}
          >
            Open
          </Button>
          <GuardedButton
            appearance="subtle"
            icon={<DeleteRegular />}
            deniedReason={deniedReason}
            onClick={() => {
              removal.reset();
              setConfirming(selected);
            }}
          >
            Delete
          </GuardedButton>
        </Actions>
      )}
      {confirming && (
        <Dialog
          open
          modalType="alert"
          onOpenChange={(_, data) => {
            if (!data.open) setConfirming(null);
          }}
        >
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Delete certificate from {computer}</DialogTitle>
              <DialogContent>
                <Text as="p" block>
                  Delete {name(confirming)} from the Other People store of {computer}? Send ports processed on{' '}
                  {computer} could then no longer encrypt with it.
                </Text>
                {removal.isError && (
                  <MessageBar intent="error" layout="multiline">
                    <MessageBarBody>{errorMessage(removal.error)}</MessageBarBody>
                  </MessageBar>
                )}
              </DialogContent>
              <DialogActions>
                <Button
                  appearance="primary"
                  disabled={removal.isPending}
                  onClick={() =>
                    removal.mutate(
                      { computer, thumbprint: confirming.thumbprint },
                      {
                        onSuccess: () => {
                          notify('success', `${name(confirming)} deleted from ${computer}`);
                          setConfirming(null);
                          setSelected(null);
                        },
                      },
                    )
                  }
                >
                  Delete
                </Button>
                <Button ref={cancelDelete} onClick={() => setConfirming(null)}>
                  Cancel
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}
