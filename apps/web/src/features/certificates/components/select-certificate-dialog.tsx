import type { StoreCertificateSummary } from '@bts-console/domain';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { expiryHealth } from '../../../lib/certificate-expiry';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid } from '../../../components/results-grid';
import { useStoreCertificates } from '../api/get-store-certificates';
import { STORE_CERTIFICATE_COLUMNS } from './certificate-columns';

export type SelectedCertificate = { thumbprint: string; commonName: string | null };

const useStyles = makeStyles({
  surface: { width: 'min(1000px, 96vw)', maxWidth: 'min(1000px, 96vw)' },
  list: { height: '360px', display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3, marginBottom: tokens.spacingVerticalS },
  expired: { color: tokens.colorPaletteRedForeground1, textDecorationLine: 'line-through' },
});

/**
 * Browse: the local computer's Other People store, as in the procedure's step 4. Expired certificates
 * are listed, struck through, because an administrator looking for one should see why it cannot be used.
 */
export function SelectCertificateDialog(props: {
  open: boolean;
  computer: string | null;
  onSelect: (certificate: SelectedCertificate) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const certificates = useStoreCertificates(props.computer ?? '', {
    enabled: props.open && props.computer !== null,
  });
  const [selected, setSelected] = useState<StoreCertificateSummary | null>(null);

  const pick = (certificate: StoreCertificateSummary | null) => {
    if (!certificate) return;
    props.onSelect({ thumbprint: certificate.thumbprint, commonName: certificate.subjectCommonName });
    setSelected(null);
  };

  return (
    <Dialog
      open={props.open}
      modalType="modal"
      onOpenChange={(_, data) => {
        if (!data.open) props.onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Select Certificate</DialogTitle>
          <DialogContent>
            <Text as="p" size={200} block className={styles.hint}>
              {props.computer
                ? `Certificates in the Other People store of ${props.computer}, the local computer. The certificate must also be in the Other People store of each server that processes the send port.`
                : 'This group has no Console computer, so there is no local store to browse. Type or paste the thumbprint instead.'}
            </Text>
            <div className={styles.list}>
              <ResultsGrid
                label="Certificates"
                filterLabel="Search certificates"
                items={certificates.data?.items}
                columns={STORE_CERTIFICATE_COLUMNS}
                getRowId={(certificate) => certificate.thumbprint}
                isLoading={certificates.isLoading}
                error={
                  certificates.isError ? (
                    <QueryError error={certificates.error} title="The store could not be read" />
                  ) : null
                }
                emptyMessage="The Other People store of the local computer is empty."
                selectedId={selected?.thumbprint ?? null}
                onSelect={setSelected}
                onOpen={pick}
                rowClassName={(certificate) =>
                  expiryHealth(certificate.notAfter) === 'expired' ? styles.expired : undefined
                }
              />
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={!selected} onClick={() => pick(selected)}>
              OK
            </Button>
            <Button onClick={props.onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
