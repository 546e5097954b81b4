import type { BindingsImportReport } from '@bts-console/domain';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { GuardedButton } from '../../../components/guarded-button';
import { useNotify } from '../../../components/notify';
import { errorMessage } from '../../../lib/api-client';
import { importBindings } from '../api/import-bindings';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  report: { maxHeight: '320px', overflow: 'auto' },
});

type ReportRow = {
  sendPort: string;
  outcome: string;
  detail: string;
  /** The servers that lack the port's certificate, when the administrator may acknowledge them. */
  missingOn?: readonly string[];
};

type Acknowledgements = ReadonlyMap<string, readonly string[]>;

function reportRows(report: BindingsImportReport, acknowledged: Acknowledgements): ReportRow[] {
  const warningsOf = (sendPort: string) =>
    report.warnings.filter((warning) => warning.sendPort === sendPort).map((warning) => warning.message);
  const applied = (sendPort: string, outcome: string, changes: string) => ({
    sendPort,
    outcome,
    detail: [changes, ...warningsOf(sendPort)].filter((part) => part !== '').join(' '),
    ...(acknowledged.has(sendPort) ? { missingOn: acknowledged.get(sendPort) } : {}),
  });
  return [
    ...report.created.map((sendPort) => applied(sendPort, 'Created', '')),
    ...report.updated.map((port) => applied(port.sendPort, 'Applied', `Changes ${port.changes.join(', ')}.`)),
    ...report.unchanged.map((sendPort) => ({ sendPort, outcome: 'Unchanged', detail: '' })),
    ...report.refused.map((port) =>
      port.code === 'certificate-missing-on-servers' && port.servers
        ? {
            sendPort: port.sendPort,
            outcome: 'Acknowledgement needed',
            detail: `The certificate is not in the Other People store of ${port.servers.join(', ')}: messages sent through this port there will be suspended.`,
            missingOn: port.servers,
          }
        : { sendPort: port.sendPort, outcome: 'Refused', detail: port.message },
    ),
  ];
}

/**
 * Import → Bindings... (DESIGN §14): the file's dry run, port by port, then the import on confirmation.
 * A port whose certificate is missing on a processing server may be acknowledged, port by port, as the
 * Certificate page's "Assign anyway" does. The import carries the report's fingerprint: the server applies
 * it only if nothing changed since, and otherwise answers with the new report, shown instead.
 */
export function ImportBindingsDialog({ application, onClose }: { application: string; onClose: () => void }) {
  const styles = useStyles();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<BindingsImportReport | null>(null);
  const [acknowledged, setAcknowledged] = useState<Acknowledgements>(new Map());
  const [changedMeanwhile, setChangedMeanwhile] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const dryRun = async (chosen: File, acknowledgements: Acknowledgements) => {
    setBusy(true);
    setError(null);
    try {
      setReport((await importBindings(application, chosen, { dryRun: true, acknowledgements })).report);
    } catch (cause) {
      setReport(null);
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file || !report) return;
    setBusy(true);
    setError(null);
    try {
      const { report: applied, changedMeanwhile } = await importBindings(application, file, {
        dryRun: false,
        acknowledgements: acknowledged,
        confirmed: report.fingerprint,
      });
      if (changedMeanwhile) {
        setReport(applied);
        setChangedMeanwhile(true);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ['send-ports'] });
      notify(
        'success',
        `Bindings imported into ${application}`,
        `${applied.created.length} created, ${applied.updated.length} applied, ${applied.unchanged.length} unchanged.`,
      );
      onClose();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  const acknowledge = (sendPort: string, servers: readonly string[] | null) => {
    const next = new Map(acknowledged);
    if (servers) next.set(sendPort, servers);
    else next.delete(sendPort);
    setAcknowledged(next);
    setChangedMeanwhile(false);
    if (file) void dryRun(file, next);
  };

  const refused = report?.refused.length ?? 0;
  const toAcknowledge =
    report?.refused.filter((port) => port.code === 'certificate-missing-on-servers' && port.servers).length ??
    0;
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Import Bindings - {application}</DialogTitle>
          <DialogContent className={styles.content}>
            <Field
              label="Binding file"
              hint="A BindingInfo XML file exported from BizTalk or from this console."
            >
              <input
                aria-label="Binding file"
                type="file"
                accept=".xml,application/xml,text/xml"
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFile(chosen);
                  setChangedMeanwhile(false);
                  setAcknowledged(new Map());
                  if (chosen) void dryRun(chosen, new Map());
                }}
              />
            </Field>
            {busy && <Spinner size="tiny" label="Checking the file against the group…" />}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {changedMeanwhile && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  Something changed since the report was made; nothing was imported. This is the new report.
                </MessageBarBody>
              </MessageBar>
            )}
            {report && (
              <div className={styles.report}>
                <Table size="extra-small" aria-label="Import report">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Send port</TableHeaderCell>
                      <TableHeaderCell>Outcome</TableHeaderCell>
                      <TableHeaderCell>Detail</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {reportRows(report, acknowledged).map((row) => (
                      <TableRow key={row.sendPort}>
                        <TableCell>{row.sendPort}</TableCell>
                        <TableCell>{row.outcome}</TableCell>
                        <TableCell>
                          {row.detail}
                          {row.missingOn && (
                            <Checkbox
                              label={`Assign anyway, without ${row.missingOn.join(', ')}`}
                              aria-label={`Assign the certificate of ${row.sendPort} anyway, without ${row.missingOn.join(', ')}`}
                              checked={acknowledged.has(row.sendPort)}
                              disabled={busy}
                              onChange={(_, data) =>
                                acknowledge(
                                  row.sendPort,
                                  data.checked === true ? (row.missingOn ?? null) : null,
                                )
                              }
                            />
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
            {report && refused > toAcknowledge && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  {refused - toAcknowledge === 1
                    ? 'One send port is'
                    : `${refused - toAcknowledge} send ports are`}{' '}
                  refused, so the file cannot be imported as it is. Fix the file, or import it from the
                  command line with --partial.
                </MessageBarBody>
              </MessageBar>
            )}
            {report && toAcknowledge > 0 && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  {toAcknowledge === 1 ? 'One send port has' : `${toAcknowledge} send ports have`} a
                  certificate missing on a processing server. Import it into the Other People store there
                  first, or choose &quot;Assign anyway&quot; for each such port.
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <GuardedButton
              appearance="primary"
              deniedReason={
                busy
                  ? 'Checking the file…'
                  : !report
                    ? 'Choose a binding file first.'
                    : refused > toAcknowledge
                      ? 'Refused send ports: the file cannot be imported as it is.'
                      : toAcknowledge > 0
                        ? 'Acknowledge the missing servers of each send port first, or import the certificate there.'
                        : null
              }
              onClick={() => void apply()}
            >
              Import
            </GuardedButton>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
