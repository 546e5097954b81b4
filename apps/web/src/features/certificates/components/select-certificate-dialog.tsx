import {
  listInWords,
  portUseReasonLabel,
  type PortUseReason,
  type StoreCertificateSummary,
} from '@bts-console/domain';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { STORE_CERTIFICATE_COLUMNS } from './certificate-columns';
import { useStoreGrid } from './use-store-grid';

export type SelectedCertificate = { thumbprint: string; commonName: string | null };

const useStyles = makeStyles({
  surface: { width: 'min(1100px, 96vw)', maxWidth: 'min(1100px, 96vw)' },
  list: { height: '360px', display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3, marginBottom: tokens.spacingVerticalS },
  unusable: { color: tokens.colorNeutralForeground3 },
  expired: { textDecorationLine: 'line-through' },
  reasons: { display: 'inline-flex', gap: tokens.spacingHorizontalXS },
});

/** Why the port cannot use the certificate, as the row says it: empty when it can. */
function reasonsOf(certificate: StoreCertificateSummary): PortUseReason[] {
  return certificate.reasons ?? [];
}

const REASONS_COLUMN: ResultsColumn<StoreCertificateSummary> = {
  id: 'usableByPort',
  title: 'For this port',
  width: 230,
  text: (certificate) => reasonsOf(certificate).map(portUseReasonLabel).join('; ') || 'Can be used',
  hoverText: (certificate) => reasonsOf(certificate).map(portUseReasonLabel).join('; ') || undefined,
};

const PICKER_COLUMNS = [
  ...STORE_CERTIFICATE_COLUMNS.slice(0, 1),
  REASONS_COLUMN,
  ...STORE_CERTIFICATE_COLUMNS.slice(1),
];

/** What OK on a marked row says instead of closing: which certificate, and each reason in words. */
export function unusableExplanation(port: string, certificate: StoreCertificateSummary): string {
  const name = certificate.subjectCommonName ?? certificate.subject;
  const reasons = reasonsOf(certificate).map((reason) => {
    switch (reason.code) {
      case 'expired':
        return 'it has expired, and BizTalk cannot encrypt with an expired certificate';
      case 'not-yet-valid':
        return `it is ${portUseReasonLabel(reason).toLowerCase()}, and every message sent before then would be suspended`;
      case 'not-for-encryption':
        return 'its key usage does not allow encryption (no key or data encipherment)';
      case 'missing-on-servers':
        return `it is not in the Other People store of ${listInWords(reason.servers)}, which ${reason.servers.length === 1 ? 'processes' : 'process'} this port; import it there first`;
    }
  });
  return `Send port '${port}' cannot use '${name}': ${reasons.join('; ')}.`;
}

/**
 * Browse: the local computer's Other People store, as in the procedure's step 4, read page by page from
 * the server however large the store is. Each row says why the port cannot use it (expired, not yet
 * valid, not for encryption, missing on a processing server), and by default only the usable ones are
 * listed: the API would refuse the others after OK in Properties.
 */
export function SelectCertificateDialog(props: {
  open: boolean;
  computer: string | null;
  /** The send port the certificate is for: rows are judged for it. */
  sendPort: string;
  onSelect: (certificate: SelectedCertificate) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [onlyUsable, setOnlyUsable] = useState(true);
  const { certificates, server } = useStoreGrid(props.computer ?? '', {
    forSendPort: props.sendPort,
    onlyUsable,
    enabled: props.open && props.computer !== null,
  });
  const [selected, setSelected] = useState<StoreCertificateSummary | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const pick = (certificate: StoreCertificateSummary | null) => {
    if (!certificate) return;
    if (reasonsOf(certificate).length > 0) {
      setRefusal(unusableExplanation(props.sendPort, certificate));
      return;
    }
    props.onSelect({ thumbprint: certificate.thumbprint, commonName: certificate.subjectCommonName });
    setSelected(null);
    setRefusal(null);
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
                ? `Certificates in the Other People store of ${props.computer}, the local computer. The certificate must also be in the Other People store of each server that processes send port '${props.sendPort}'.`
                : 'This group has no Console computer, so there is no local store to browse. Type or paste the thumbprint instead.'}
            </Text>
            <Switch
              label="Show only certificates this port can use"
              checked={onlyUsable}
              onChange={(_, data) => {
                setOnlyUsable(data.checked);
                setRefusal(null);
              }}
            />
            <div className={styles.list}>
              <ResultsGrid
                label="Certificates"
                filterLabel="Search certificates"
                items={certificates.items}
                server={server}
                columns={PICKER_COLUMNS}
                getRowId={(certificate) => certificate.thumbprint}
                isLoading={certificates.isPending && props.computer !== null}
                error={
                  certificates.isError ? (
                    <QueryError error={certificates.error} title="The store could not be read" />
                  ) : null
                }
                emptyMessage={
                  onlyUsable
                    ? `No certificate in the Other People store of the local computer can be used by send port '${props.sendPort}'. Turn off "Show only certificates this port can use" to see why.`
                    : 'The Other People store of the local computer is empty.'
                }
                selectedId={selected?.thumbprint ?? null}
                onSelect={(certificate) => {
                  setSelected(certificate);
                  setRefusal(null);
                }}
                onOpen={pick}
                rowClassName={(certificate) => {
                  const reasons = reasonsOf(certificate);
                  if (reasons.length === 0) return undefined;
                  return reasons.some((reason) => reason.code === 'expired')
                    ? `${styles.unusable} ${styles.expired}`
                    : styles.unusable;
                }}
              />
            </div>
            {refusal && (
              <MessageBar intent="warning" layout="multiline" role="alert">
                <MessageBarBody>{refusal}</MessageBarBody>
              </MessageBar>
            )}
            {selected && reasonsOf(selected).length > 0 && !refusal && (
              <span className={styles.reasons}>
                {reasonsOf(selected).map((reason) => (
                  <Badge key={reason.code} appearance="tint" color="warning" size="small">
                    {portUseReasonLabel(reason)}
                  </Badge>
                ))}
              </span>
            )}
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
