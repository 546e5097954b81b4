import type { BindingsImportReport } from '@bts-console/domain';
import {
  Button,
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
import { importBindings, sameOutcome } from '../api/import-bindings';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  report: { maxHeight: '320px', overflow: 'auto' },
});

type ReportRow = { sendPort: string; outcome: string; detail: string };

function reportRows(report: BindingsImportReport): ReportRow[] {
  return [
    ...report.created.map((sendPort) => ({ sendPort, outcome: 'Created', detail: '' })),
    ...report.updated.map((port) => ({
      sendPort: port.sendPort,
      outcome: 'Applied',
      detail: `Changes ${port.changes.join(', ')}`,
    })),
    ...report.unchanged.map((sendPort) => ({ sendPort, outcome: 'Unchanged', detail: '' })),
    ...report.refused.map((port) => ({
      sendPort: port.sendPort,
      outcome: port.code === 'certificate-missing-on-servers' ? 'Acknowledgement needed' : 'Refused',
      detail: port.message,
    })),
  ];
}

/**
 * Import → Bindings... (DESIGN §14): the file's dry run, port by port, then the import on confirmation.
 * Before applying, the dry run is repeated: if its outcome differs, the new report is shown instead.
 */
export function ImportBindingsDialog({ application, onClose }: { application: string; onClose: () => void }) {
  const styles = useStyles();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<BindingsImportReport | null>(null);
  const [changedMeanwhile, setChangedMeanwhile] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const dryRun = async (chosen: File) => {
    setBusy(true);
    setError(null);
    try {
      setReport(await importBindings(application, chosen, true));
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
      const again = await importBindings(application, file, true);
      if (!sameOutcome(report, again)) {
        setReport(again);
        setChangedMeanwhile(true);
        return;
      }
      const applied = await importBindings(application, file, false);
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

  const refused = report?.refused.length ?? 0;
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
                  if (chosen) void dryRun(chosen);
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
                    {reportRows(report).map((row) => (
                      <TableRow key={row.sendPort}>
                        <TableCell>{row.sendPort}</TableCell>
                        <TableCell>{row.outcome}</TableCell>
                        <TableCell>{row.detail}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
            {report && refused > 0 && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  {refused === 1 ? 'One send port is' : `${refused} send ports are`} refused, so the file
                  cannot be imported as it is. Fix the file, or import it from the command line with
                  --partial.
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
                    : refused > 0
                      ? 'Refused send ports: the file cannot be imported as it is.'
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
