import type { SendPort } from '@bts-console/domain';
import {
  Field,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { formatDateTime } from '../../../lib/certificate-expiry';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
  },
  wide: { gridColumn: '1 / -1' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function ReadOnlyField({
  label,
  value,
  wide,
}: {
  label: string;
  value: string | null | undefined;
  wide?: boolean;
}) {
  const styles = useStyles();
  return (
    <Field label={label} className={wide ? styles.wide : undefined}>
      <Input readOnly size="small" value={value ?? ''} />
    </Field>
  );
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Settings as a two-column property list, e.g. the retry count and interval of the transport. */
function PropertyTable({
  label,
  properties,
  empty,
}: {
  label: string;
  properties: Record<string, unknown> | null;
  empty: string;
}) {
  const styles = useStyles();
  const entries = Object.entries(properties ?? {});
  if (entries.length === 0) return <Text className={styles.muted}>{empty}</Text>;
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Property</TableHeaderCell>
          <TableHeaderCell>Value</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell>{key}</TableCell>
            <TableCell>{valueText(value)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function GeneralPage({ port }: { port: SendPort }) {
  const styles = useStyles();
  const solicitResponse = port.kind.includes('Solicit-Response');
  return (
    <div className={styles.form}>
      <ReadOnlyField label="Name" value={port.name} />
      <ReadOnlyField label="Type" value={port.kind} />
      <ReadOnlyField label="Application" value={port.application} />
      <ReadOnlyField label="Status" value={port.status} />
      <ReadOnlyField label="Transport type" value={port.transportType} />
      <ReadOnlyField label="Send handler" value={port.sendHandler} />
      <ReadOnlyField label="URI" value={port.uri} wide />
      <ReadOnlyField label="Send pipeline" value={port.sendPipeline} />
      {solicitResponse ? <ReadOnlyField label="Receive pipeline" value={port.receivePipeline} /> : <span />}
      <Field label="Description" className={styles.wide}>
        <Textarea readOnly size="small" value={port.description ?? ''} />
      </Field>
      <ReadOnlyField label="Last changed by" value={port.changedBy} />
      <ReadOnlyField label="Last changed at" value={formatDateTime(port.changedAt)} />
    </div>
  );
}

export function TransportAdvancedOptionsPage({ port }: { port: SendPort }) {
  return (
    <PropertyTable
      label="Transport advanced options"
      properties={port.transportOptions}
      empty="The transport uses its default options."
    />
  );
}

export function BackupTransportPage({ port }: { port: SendPort }) {
  return (
    <PropertyTable
      label="Backup transport"
      properties={port.backupTransport}
      empty="This send port has no backup transport (Transport type: None)."
    />
  );
}

export function OutboundMapsPage({ port }: { port: SendPort }) {
  const styles = useStyles();
  if (port.outboundMaps.length === 0)
    return <Text className={styles.muted}>No maps are applied to outbound messages.</Text>;
  const columns = [...new Set(port.outboundMaps.flatMap((map) => Object.keys(map)))];
  return (
    <Table size="small" aria-label="Outbound maps">
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHeaderCell key={column}>{column}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {port.outboundMaps.map((map, index) => (
          <TableRow key={index}>
            {columns.map((column) => (
              <TableCell key={column}>{valueText(map[column])}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function FiltersPage({ port }: { port: SendPort }) {
  const styles = useStyles();
  if (!port.filter)
    return (
      <Text className={styles.muted}>No filter: the port receives only messages routed to it directly.</Text>
    );
  return (
    <Field label="Filter expression">
      <Textarea
        readOnly
        resize="vertical"
        rows={6}
        value={port.filter}
        style={{ fontFamily: 'Consolas, monospace' }}
      />
    </Field>
  );
}

export function TrackingPage({ port }: { port: SendPort }) {
  return (
    <PropertyTable
      label="Tracking"
      properties={port.tracking}
      empty="Nothing is tracked for this send port."
    />
  );
}
