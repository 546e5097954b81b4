import type { CertificateProblemKind } from '@bts-console/domain';
import {
  Badge,
  Card,
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
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryView } from '../../../components/query-view';
import { useGroupHub } from '../api/get-group-hub';
import { certificateProblemText, countOf } from '../certificate-problem-text';
import { consolePaths } from '../../../lib/console-paths';

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
  const hub = useGroupHub();
  const suspendedHeading = useId();
  const problemsHeading = useId();

  // Refresh is the group node's, in its actions pane and context menu (it reads everything again).
  return (
    <QueryView query={hub} loading="Loading the Group Hub…" failed="The Group Hub could not be loaded">
      {({ suspendedBySendPort, certificateProblems }) => {
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
                <Text className={certificateProblems.length > 0 ? styles.attention : styles.calm}>
                  <span className={styles.tileCount}>{certificateProblems.length}</span>
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
              {certificateProblems.length === 0 ? (
                <Text className={styles.empty}>
                  Every send port&apos;s encryption certificate is present and valid on each of its processing
                  servers.
                </Text>
              ) : (
                <Table size="small" aria-labelledby={problemsHeading}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Send Port</TableHeaderCell>
                      <TableHeaderCell>Application</TableHeaderCell>
                      <TableHeaderCell>Encryption Certificate</TableHeaderCell>
                      <TableHeaderCell>Problems</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {certificateProblems.map((row) => (
                      <TableRow key={row.sendPort}>
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
                    ))}
                  </TableBody>
                </Table>
              )}
            </section>
          </div>
        );
      }}
    </QueryView>
  );
}
