import type { CertificateProblemKind } from '@bts-console/domain';
import {
  Badge,
  Card,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CertificateRegular, MailPauseRegular } from '@fluentui/react-icons';
import { useEffect, useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryError } from '../../../components/query-error';
import { usePagedGroupHub } from '../api/get-group-hub';
import { certificateProblemText, countOf } from '../certificate-problem-text';
import { consolePaths } from '../../../lib/console-paths';
import { useVirtualTableRows } from '../../../lib/use-virtual-table-rows';

/** A problem row as most are drawn: a common name over a thumbprint, a row of badges. */
const PROBLEM_ROW_HEIGHT = 57;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, minWidth: 0 },
  tiles: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  tile: { width: '260px', gap: tokens.spacingVerticalXS },
  tileTitle: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  tileCount: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800 },
  attention: { color: tokens.colorPaletteRedForeground1 },
  calm: { color: tokens.colorNeutralForeground3 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  empty: { color: tokens.colorNeutralForeground3 },
  link: { color: tokens.colorBrandForegroundLink },
  count: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  thumbprint: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: 'break-all',
  },
  problems: {
    listStyleType: 'none',
    margin: 0,
    padding: `${tokens.spacingVerticalXXS} 0`,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
  },
  cellText: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
  // A dozen rows in view; thousands of problem ports scroll, and only the rows in view are drawn.
  scroller: { maxHeight: '640px', overflowY: 'auto', minHeight: 0 },
  header: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  loadingRow: { color: tokens.colorNeutralForeground3 },
});

const PROBLEM_BADGE: Record<
  CertificateProblemKind,
  { color: 'danger' | 'warning'; appearance: 'filled' | 'tint' }
> = {
  missing: { color: 'danger', appearance: 'tint' },
  expired: { color: 'danger', appearance: 'filled' },
  expiring: { color: 'warning', appearance: 'filled' },
  'not-yet-valid': { color: 'danger', appearance: 'tint' },
};

/**
 * The BizTalk Group node's results pane: like BizTalk's Group Hub page, where messages are stuck now,
 * and which send port certificates will make them stick on some processing server.
 */
export function GroupHub({
  renderCertificateActions,
}: {
  /** What can be done about a row's certificate (Install on missing servers); the route supplies it. */
  renderCertificateActions?: (row: {
    sendPort: string;
    thumbprint: string;
    missingOn: string[];
  }) => ReactNode;
} = {}) {
  const styles = useStyles();
  const hub = usePagedGroupHub();
  const suspendedHeading = useId();
  const problemsHeading = useId();

  // Refresh is the group node's, in its actions pane and context menu (it reads everything again).
  if (hub.isPending) return <Spinner size="small" label="Loading the Group Hub…" />;
  if (hub.isError || !hub.firstPage) {
    return (
      <QueryError
        error={hub.error}
        title="The Group Hub could not be loaded"
        onRetry={() => void hub.refetch()}
      />
    );
  }
  const { suspendedBySendPort } = hub.firstPage;
  const problemsTotal = hub.total;
  const suspendedTotal = suspendedBySendPort.reduce((sum, row) => sum + row.count, 0);
  return (
    <div className={styles.root}>
      <div className={styles.tiles}>
        <Card className={styles.tile} appearance="outline">
          <Text weight="semibold" className={styles.tileTitle}>
            <MailPauseRegular aria-hidden /> Suspended instances
          </Text>
          <Text className={suspendedTotal > 0 ? styles.attention : styles.calm}>
            <span className={styles.tileCount}>{suspendedTotal}</span>
          </Text>
          <Link
            className={styles.link}
            to={consolePaths.suspendedInstances()}
            aria-label={`All suspended instances (${suspendedTotal})`}
          >
            All suspended instances
          </Link>
        </Card>
        <Card className={styles.tile} appearance="outline">
          <Text weight="semibold" className={styles.tileTitle}>
            <CertificateRegular aria-hidden /> Send ports with certificate problems
          </Text>
          <Text className={problemsTotal > 0 ? styles.attention : styles.calm}>
            <span className={styles.tileCount}>{problemsTotal.toLocaleString('en-US')}</span>
          </Text>
          <Text size={200} className={styles.calm}>
            Missing, expired or expiring on a processing server
          </Text>
        </Card>
      </div>

      <section className={styles.section} aria-labelledby={suspendedHeading}>
        <Subtitle2 as="h2" id={suspendedHeading}>
          Suspended instances by send port
        </Subtitle2>
        {suspendedBySendPort.length === 0 ? (
          <Text className={styles.empty}>No message instances are suspended.</Text>
        ) : (
          <Table size="small" aria-labelledby={suspendedHeading}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Send Port</TableHeaderCell>
                <TableHeaderCell>Application</TableHeaderCell>
                <TableHeaderCell className={styles.count}>Suspended</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {suspendedBySendPort.map((row) => (
                <TableRow key={row.sendPort}>
                  <TableCell>{row.sendPort}</TableCell>
                  <TableCell>{row.application}</TableCell>
                  <TableCell className={styles.count}>
                    <Link
                      className={styles.link}
                      to={consolePaths.suspendedInstances({ sendPort: row.sendPort })}
                      aria-label={`${countOf(row.count, 'suspended instance', 'suspended instances')} of ${row.sendPort}`}
                    >
                      {row.count}
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section className={styles.section} aria-labelledby={problemsHeading}>
        <Subtitle2 as="h2" id={problemsHeading}>
          Certificate problems on processing servers
        </Subtitle2>
        {problemsTotal === 0 ? (
          <Text className={styles.empty}>
            Every send port&apos;s encryption certificate is present and valid on each of its processing
            servers.
          </Text>
        ) : (
          <CertificateProblemsTable
            labelledBy={problemsHeading}
            rows={hub.items}
            total={problemsTotal}
            onRowsInView={hub.onRowsInView}
            renderCertificateActions={renderCertificateActions}
          />
        )}
      </section>
    </div>
  );
}

type ProblemRow = ReturnType<typeof usePagedGroupHub>['items'][number];

/**
 * The ports with certificate problems, by application then send port name: their number, and a table that
 * draws only the rows in view and asks for the pages they are on as it scrolls.
 */
function CertificateProblemsTable({
  labelledBy,
  rows,
  total,
  onRowsInView,
  renderCertificateActions,
}: {
  labelledBy: string;
  /** The rows read so far, at their indexes. */
  rows: (ProblemRow | undefined)[];
  total: number;
  onRowsInView: (first: number, last: number) => void;
  renderCertificateActions:
    ((row: { sendPort: string; thumbprint: string; missingOn: string[] }) => ReactNode) | undefined;
}) {
  const styles = useStyles();
  const { scrollerRef, inView, before, after, measureElement } = useVirtualTableRows(
    total,
    PROBLEM_ROW_HEIGHT,
  );
  const firstInView = inView[0]?.index ?? 0;
  const lastInView = inView[inView.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastInView >= firstInView) onRowsInView(firstInView, lastInView);
  }, [onRowsInView, firstInView, lastInView]);

  return (
    <>
      <Text className={styles.calm}>
        {total === 1 ? '1 send port' : `${total.toLocaleString('en-US')} send ports`}, by application then
        send port name
      </Text>
      {/* Focusable, so that the keyboard scrolls it. */}
      <div ref={scrollerRef} className={styles.scroller} tabIndex={0}>
        <Table size="small" aria-labelledby={labelledBy} aria-rowcount={total + 1}>
          <TableHeader className={styles.header}>
            <TableRow aria-rowindex={1}>
              <TableHeaderCell>Send Port</TableHeaderCell>
              <TableHeaderCell>Application</TableHeaderCell>
              <TableHeaderCell>Encryption Certificate</TableHeaderCell>
              <TableHeaderCell>Problems</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {before > 0 && (
              <tr aria-hidden="true" style={{ height: before }}>
                <td colSpan={4} />
              </tr>
            )}
            {inView.map((virtual) => {
              const row = rows[virtual.index];
              if (!row) {
                return (
                  <TableRow
                    key={`loading-${virtual.index}`}
                    data-index={virtual.index}
                    ref={measureElement}
                    aria-rowindex={virtual.index + 2}
                  >
                    <TableCell colSpan={4} className={styles.loadingRow}>
                      Loading…
                    </TableCell>
                  </TableRow>
                );
              }
              return (
                <TableRow
                  key={row.sendPort}
                  data-index={virtual.index}
                  ref={measureElement}
                  aria-rowindex={virtual.index + 2}
                >
                  <TableCell>
                    <Link
                      className={styles.link}
                      to={consolePaths.sendPortProperties(row.application, row.sendPort, 'certificate')}
                      aria-label={`${row.sendPort}: open its Certificate page`}
                    >
                      {row.sendPort}
                    </Link>
                  </TableCell>
                  <TableCell>{row.application}</TableCell>
                  <TableCell>
                    <span className={styles.cellText}>
                      <span>{row.commonName ?? '(no common name)'}</span>
                      <span className={styles.thumbprint}>{row.thumbprint}</span>
                    </span>
                  </TableCell>
                  <TableCell>
                    <ul className={styles.problems} aria-label={`Problems of ${row.sendPort}`}>
                      {row.problems.map((problem) => (
                        <li key={`${problem.server}-${problem.problem}`}>
                          <Badge size="medium" {...PROBLEM_BADGE[problem.problem]}>
                            {certificateProblemText(problem)}
                          </Badge>
                        </li>
                      ))}
                    </ul>
                    {renderCertificateActions?.({
                      sendPort: row.sendPort,
                      thumbprint: row.thumbprint,
                      missingOn: row.problems
                        .filter((problem) => problem.problem === 'missing')
                        .map((problem) => problem.server),
                    })}
                  </TableCell>
                </TableRow>
              );
            })}
            {after > 0 && (
              <tr aria-hidden="true" style={{ height: after }}>
                <td colSpan={4} />
              </tr>
            )}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
