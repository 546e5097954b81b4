import type { ReplacementPort } from '@bts-console/domain';
import { useMemo } from 'react';
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
import { useVirtualTableRows } from '../../../lib/use-virtual-table-rows';

/** Per port, the processing servers the administrator accepts will lack the successor (DESIGN §3 c). */
export type Acknowledged = Record<string, string[]>;

/** A row with a badge or a checkbox; rows that wrap a reason are measured as they are drawn. */
const ESTIMATED_ROW_HEIGHT = 36;

const useStyles = makeStyles({
  // Tall enough for a dozen rows; the rest scroll, and only those in view are drawn.
  scroller: { maxHeight: '50vh', overflowY: 'auto', minHeight: 0 },
  header: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
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
  const rows = useMemo(
    () =>
      props.ports.flatMap((port) =>
        (port.processingServers.length > 0 ? port.processingServers : [null]).map((server, index) => ({
          port,
          server,
          first: index === 0,
        })),
      ),
    [props.ports],
  );
  // A replacement may touch a thousand ports on two or three servers each: only the rows in view (and a
  // few either side) are in the document, as in every results grid (components/results-grid.tsx).
  const { scrollerRef, inView, before, after, measureElement } = useVirtualTableRows(
    rows.length,
    ESTIMATED_ROW_HEIGHT,
  );
  const columns = props.result ? 5 : 6;
  return (
    // Focusable, so that the keyboard scrolls the rows of a result that has no checkbox to tab to.
    <div ref={scrollerRef} className={styles.scroller} tabIndex={0}>
      <Table
        size="small"
        className={styles.table}
        aria-label={props.result ? 'Result' : 'Preview'}
        aria-rowcount={rows.length + 1}
      >
        <TableHeader className={styles.header}>
          <TableRow aria-rowindex={1}>
            <TableHeaderCell>Send Port</TableHeaderCell>
            <TableHeaderCell>Application</TableHeaderCell>
            <TableHeaderCell>Processing server</TableHeaderCell>
            <TableHeaderCell>New certificate</TableHeaderCell>
            <TableHeaderCell>{props.result ? 'Outcome' : 'Checks'}</TableHeaderCell>
            {!props.result && <TableHeaderCell>Acknowledgement</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {before > 0 && (
            <tr aria-hidden="true" style={{ height: before }}>
              <td colSpan={columns} />
            </tr>
          )}
          {inView.map((virtual) => {
            const { port, server, first } = rows[virtual.index]!;
            return (
              <TableRow
                key={`${port.name}/${server?.name ?? ''}`}
                data-index={virtual.index}
                ref={measureElement}
                aria-rowindex={virtual.index + 2}
              >
                <TableCell>{first ? port.name : ''}</TableCell>
                <TableCell>{first ? port.application : ''}</TableCell>
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
                <TableCell>{first ? <Verdict port={port} result={props.result === true} /> : ''}</TableCell>
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
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" style={{ height: after }}>
              <td colSpan={columns} />
            </tr>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
