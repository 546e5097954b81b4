import type { SendPort } from '@bts-console/domain';
import {
  Checkbox,
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
import { PropertyGroup } from '../../../components/property-group';
import { formatDateTime } from '../../../lib/certificate-expiry';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
  },
  wide: { gridColumn: '1 / -1' },
  pages: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
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

/** The labels BizTalk's Transport Advanced Options page gives each stored option, in its order. */
const TRANSPORT_OPTION_LABELS: Record<string, string> = {
  retryCount: 'Retry count',
  retryIntervalMinutes: 'Retry interval (minutes)',
  priority: 'Priority',
  orderedDelivery: 'Ordered delivery',
  stopSendingOnFailure: 'Stop sending subsequent messages on current message failure',
};

function ReadOnlyCheckbox({ label, checked }: { label: string; checked: boolean }) {
  // Shown as BizTalk shows it, but it cannot be changed here: the page is read-only.
  return <Checkbox label={label} checked={checked} aria-readonly onChange={() => undefined} />;
}

function serviceWindowOf(value: unknown): { start: string; stop: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { start, stop } = value as { start?: unknown; stop?: unknown };
  return typeof start === 'string' && typeof stop === 'string' ? { start, stop } : null;
}

export function TransportAdvancedOptionsPage({ port }: { port: SendPort }) {
  const styles = useStyles();
  const options = port.transportOptions;
  const serviceWindow = serviceWindowOf(options.serviceWindow);
  // Options this page has no label for are still shown, under their stored names.
  const others = Object.fromEntries(
    Object.entries(options).filter(([key]) => !(key in TRANSPORT_OPTION_LABELS) && key !== 'serviceWindow'),
  );
  const numberText = (key: string) => (options[key] === undefined ? '' : valueText(options[key]));
  return (
    <div className={styles.pages}>
      <PropertyGroup legend="Transport options">
        <div className={styles.form}>
          <ReadOnlyField label={TRANSPORT_OPTION_LABELS.retryCount ?? ''} value={numberText('retryCount')} />
          <ReadOnlyField
            label={TRANSPORT_OPTION_LABELS.retryIntervalMinutes ?? ''}
            value={numberText('retryIntervalMinutes')}
          />
          <ReadOnlyField label={TRANSPORT_OPTION_LABELS.priority ?? ''} value={numberText('priority')} />
        </div>
      </PropertyGroup>
      <PropertyGroup legend="Service window">
        <ReadOnlyCheckbox label="Enable service window" checked={serviceWindow !== null} />
        <div className={styles.form}>
          <ReadOnlyField label="Start time" value={serviceWindow?.start ?? ''} />
          <ReadOnlyField label="Stop time" value={serviceWindow?.stop ?? ''} />
        </div>
      </PropertyGroup>
      <PropertyGroup legend="Ordered delivery">
        <ReadOnlyCheckbox label="Ordered delivery" checked={options.orderedDelivery === true} />
        <ReadOnlyCheckbox
          label={TRANSPORT_OPTION_LABELS.stopSendingOnFailure ?? ''}
          checked={options.stopSendingOnFailure === true}
        />
      </PropertyGroup>
      {Object.keys(others).length > 0 && (
        <PropertyTable label="Other transport options" properties={others} empty="" />
      )}
    </div>
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
