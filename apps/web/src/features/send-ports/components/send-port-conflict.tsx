import type { PreconditionFailed, SendPort } from '@bts-console/domain';
import { formatThumbprintDisplay, normalizeThumbprint } from '@bts-console/domain';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { formatDateTime } from '../../../lib/certificate-expiry';
import type { CertificateDraft } from '../certificate-draft';

function certificateLabel(certificate: SendPort['certificate']): string {
  if (!certificate) return '(none)';
  return `${certificate.commonName ?? 'Unknown'} (${formatThumbprintDisplay(certificate.thumbprint)})`;
}

function draftLabel(draft: CertificateDraft): string {
  if (draft.removed) return '(none)';
  const result = normalizeThumbprint(draft.thumbprintText);
  const thumbprint = result.ok ? result.display : draft.thumbprintText;
  return draft.commonName ? `${draft.commonName} (${thumbprint})` : thumbprint;
}

const COMPARED: { label: string; value: (port: SendPort) => string }[] = [
  { label: 'Status', value: (port) => port.status },
  { label: 'Transport type', value: (port) => port.transportType ?? '' },
  { label: 'URI', value: (port) => port.uri ?? '' },
  { label: 'Send handler', value: (port) => port.sendHandler ?? '' },
  { label: 'Send pipeline', value: (port) => port.sendPipeline ?? '' },
  { label: 'Filter', value: (port) => port.filter ?? '' },
  { label: 'Description', value: (port) => port.description ?? '' },
];

/** A 412: someone saved the port after this dialog read it. Shows what they changed next to what you meant to save. */
export function SendPortConflict({
  conflict,
  opened,
  draft,
  onReload,
}: {
  conflict: PreconditionFailed;
  opened: SendPort;
  draft: CertificateDraft;
  onReload: () => void;
}) {
  const current = conflict.current;
  const who = conflict.changedBy ?? current.changedBy ?? 'another user';
  const when = formatDateTime(conflict.changedAt ?? current.changedAt) || 'an unknown time';
  const rows = [
    {
      label: 'Encryption certificate',
      current: certificateLabel(current.certificate),
      yours: draftLabel(draft),
    },
    ...COMPARED.filter((field) => field.value(current) !== field.value(opened)).map((field) => ({
      label: field.label,
      current: field.value(current),
      yours: field.value(opened),
    })),
  ];
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          This send port was modified by {who} at {when} after you opened it
        </MessageBarTitle>
        Your change was not saved. Reload to see the port as it is now, then make your change again.
        <Table size="extra-small" aria-label="What changed" style={{ marginTop: 8 }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Setting</TableHeaderCell>
              <TableHeaderCell>Current (saved by {who})</TableHeaderCell>
              <TableHeaderCell>Yours</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.label}>
                <TableCell>{row.label}</TableCell>
                <TableCell>{row.current}</TableCell>
                <TableCell>{row.yours}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" onClick={onReload}>
          Reload
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
