import type { ReplacementPort } from '@bts-console/domain';
import {
  Badge,
  Checkbox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';

/** Per port, the processing servers the administrator accepts will lack the successor (DESIGN §3 c). */
export type Acknowledged = Record<string, string[]>;

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  verdict: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXXS} 0`,
  },
});

/** The processing servers of a port whose Other People store lacks the successor. */
export function missingServers(port: ReplacementPort): string[] {
  return port.processingServers.filter((server) => !server.successorPresent).map((server) => server.name);
}

function Verdict({ port, result }: { port: ReplacementPort; result: boolean }) {
  const styles = useStyles();
  if (result) {
    return (
      <Badge appearance="filled" color="success">
        Replaced
      </Badge>
    );
  }
  return (
    <span className={styles.verdict}>
      {port.outcome === 'ready' && (
        <Badge appearance="tint" color="success">
          Ready
        </Badge>
      )}
      {port.outcome === 'acknowledgement-needed' && (
        <Badge appearance="tint" color="warning">
          Acknowledgement needed
        </Badge>
      )}
      {port.outcome === 'refused' && (
        <Badge appearance="filled" color="danger">
          Refused
        </Badge>
      )}
      {port.reason && <span>{port.reason.message}</span>}
      {port.warnings.map((warning) => (
        <span key={warning.code} className={styles.muted}>
          {warning.message}
        </span>
      ))}
    </span>
  );
}

/**
 * The preview of a replacement: a row per port and processing server, with whether the successor is in
 * that server's store, what §3 says of it on the port, and the acknowledgement a missing server needs.
 * With `result`, the same table after the change.
 */
export function PreviewTable(props: {
  ports: ReplacementPort[];
  result?: boolean;
  acknowledged?: Acknowledged;
  onAcknowledgedChange?: (acknowledged: Acknowledged) => void;
}) {
  const styles = useStyles();
  const acknowledged = props.acknowledged ?? {};
  const toggle = (port: string, server: string, on: boolean) => {
    const servers = new Set(acknowledged[port] ?? []);
    if (on) servers.add(server);
    else servers.delete(server);
    props.onAcknowledgedChange?.({ ...acknowledged, [port]: [...servers].sort() });
  };
  return (
    <Table size="small" className={styles.table} aria-label={props.result ? 'Result' : 'Preview'}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Send Port</TableHeaderCell>
          <TableHeaderCell>Application</TableHeaderCell>
          <TableHeaderCell>Processing server</TableHeaderCell>
          <TableHeaderCell>New certificate</TableHeaderCell>
          <TableHeaderCell>{props.result ? 'Outcome' : 'Checks'}</TableHeaderCell>
          {!props.result && <TableHeaderCell>Acknowledgement</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.ports.flatMap((port) => {
          const servers = port.processingServers.length > 0 ? port.processingServers : [null];
          return servers.map((server, index) => (
            <TableRow key={`${port.name}/${server?.name ?? ''}`}>
              <TableCell>{index === 0 ? port.name : ''}</TableCell>
              <TableCell>{index === 0 ? port.application : ''}</TableCell>
              <TableCell>{server?.name ?? <span className={styles.muted}>None runs it</span>}</TableCell>
              <TableCell>
                {server === null ? (
                  ''
                ) : server.successorPresent ? (
                  'Present'
                ) : (
                  <Badge appearance="tint" color="danger">
                    Missing
                  </Badge>
                )}
              </TableCell>
              <TableCell>
                {index === 0 ? <Verdict port={port} result={props.result === true} /> : ''}
              </TableCell>
              {!props.result && (
                <TableCell>
                  {server && !server.successorPresent && (
                    <Checkbox
                      label="Go ahead without it"
                      aria-label={`${port.name}: go ahead without it on ${server.name}`}
                      checked={(acknowledged[port.name] ?? []).includes(server.name)}
                      onChange={(_, data) => toggle(port.name, server.name, data.checked === true)}
                    />
                  )}
                </TableCell>
              )}
            </TableRow>
          ));
        })}
      </TableBody>
    </Table>
  );
}
