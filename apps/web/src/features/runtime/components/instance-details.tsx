import type { MessageInstance } from '@bts-console/domain';
import { Button, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useId } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '../../../components/copy-button';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { instanceOutputUrl } from '../api/instance-output';
import { useDetailPaneStyles } from './detail-pane';
import { consolePaths } from '../../../lib/console-paths';
import { InstanceStatusLabel } from './instance-status';

const useStyles = makeStyles({
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  error: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  link: { color: tokens.colorBrandForegroundLink },
  empty: { color: tokens.colorNeutralForeground3 },
});

function formatSize(size: number | null): string {
  if (size === null) return '—';
  if (size < 1024) return `${size} bytes`;
  return `${(size / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KB (${size.toLocaleString()} bytes)`;
}

/** The whole of one instance below the list, the error in full: it is too long for a column. */
export function InstanceDetails({ instance }: { instance: MessageInstance | null }) {
  const styles = useStyles();
  const pane = useDetailPaneStyles();
  const headingId = useId();
  return (
    <section className={pane.pane} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {instance ? `Instance details - ${instance.sendPort}` : 'Instance details'}
      </Subtitle2>
      {!instance ? (
        <Text className={styles.empty}>Select an instance to see its error and details.</Text>
      ) : (
        <>
          {instance.error && (
            <div>
              <Text weight="semibold" block>
                Error
              </Text>
              <pre className={styles.error} aria-label="Error text">
                {instance.error}
              </pre>
            </div>
          )}
          <dl className={styles.fields}>
            <dt className={styles.term}>Status</dt>
            <dd className={styles.value}>
              <InstanceStatusLabel status={instance.status} />
            </dd>
            <dt className={styles.term}>Send port</dt>
            <dd className={styles.value}>
              {instance.sendPort} ({instance.application})
            </dd>
            <dt className={styles.term}>Server</dt>
            <dd className={styles.value}>
              {instance.server ? (
                <Link
                  className={styles.link}
                  to={consolePaths.eventViewer(instance.server)}
                  aria-label={`${instance.server}: open its Event Viewer`}
                >
                  {instance.server}
                </Link>
              ) : (
                'None: no host instance could process it'
              )}
            </dd>
            <dt className={styles.term}>Created</dt>
            <dd className={styles.value}>{formatDateTime(instance.createdAt)}</dd>
            <dt className={styles.term}>Last changed</dt>
            <dd className={styles.value}>{formatDateTime(instance.updatedAt)}</dd>
            <dt className={styles.term}>Message size</dt>
            <dd className={styles.value}>{formatSize(instance.messageSize)}</dd>
            {instance.status === 'Delivered' && (
              <>
                <dt className={styles.term}>Delivered as</dt>
                <dd className={styles.value}>
                  {instance.encrypted ? 'S/MIME, encrypted' : 'Clear text'}, {formatSize(instance.outputSize)}
                </dd>
              </>
            )}
            <dt className={styles.term}>Instance ID</dt>
            <dd className={mergeClasses(styles.value, styles.mono)}>{instance.id}</dd>
          </dl>
          <div className={styles.actions}>
            <CopyButton value={instance.id} label="Copy instance ID" />
            {instance.status === 'Delivered' && (
              <Button
                as="a"
                size="small"
                href={instanceOutputUrl(instance.id)}
                download
                icon={<ArrowDownloadRegular />}
              >
                Download output
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
