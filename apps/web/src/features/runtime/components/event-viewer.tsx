import { EVENT_LEVELS, type EventLevel, type EventLogEntry } from '@bts-console/domain';
import {
  Button,
  Label,
  Select,
  Subtitle2,
  Text,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { EVENT_LOG_PAGE_SIZE, useEventLog } from '../api/get-event-log';
import { useDetailPaneStyles } from './detail-pane';
import { EventLevelLabel } from './event-level';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    flex: '1 1 auto',
    minHeight: 0,
  },
  list: { flex: '1 1 auto', minHeight: '200px', display: 'flex', flexDirection: 'column' },
  filter: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // Events are read more than instances: a little more room for the full text.
  details: { maxHeight: '45%' },
  text: {
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
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  empty: { color: tokens.colorNeutralForeground3 },
});

const SEVERITY: Record<EventLevel, number> = { Error: 0, Warning: 1, Information: 2 };

const COLUMNS: ResultsColumn<EventLogEntry>[] = [
  {
    id: 'level',
    title: 'Level',
    width: 130,
    text: (entry) => entry.level,
    compare: (a, b) => SEVERITY[a.level] - SEVERITY[b.level],
    render: (entry) => <EventLevelLabel level={entry.level} />,
  },
  {
    id: 'at',
    title: 'Date and Time',
    width: 190,
    text: (entry) => formatDateTime(entry.at),
    compare: (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id,
  },
  { id: 'source', title: 'Source', width: 220, grow: true, text: (entry) => entry.source },
  {
    id: 'eventId',
    title: 'Event ID',
    width: 90,
    text: (entry) => String(entry.eventId),
    compare: (a, b) => a.eventId - b.eventId,
  },
];

/** The general tab of Windows Event Viewer's preview: the whole text, then where and when it was logged. */
function EventDetails({ entry }: { entry: EventLogEntry | null }) {
  const styles = useStyles();
  const pane = useDetailPaneStyles();
  const headingId = useId();
  return (
    <section className={mergeClasses(pane.pane, styles.details)} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {entry ? `Event ${entry.eventId}, ${entry.source}` : 'Event details'}
      </Subtitle2>
      {!entry ? (
        <Text className={styles.empty}>Select an event to read its full text.</Text>
      ) : (
        <>
          <pre className={styles.text} aria-label="Event text">
            {entry.text}
          </pre>
          <dl className={styles.fields}>
            <dt className={styles.term}>Log Name</dt>
            <dd className={styles.value}>Application</dd>
            <dt className={styles.term}>Source</dt>
            <dd className={styles.value}>{entry.source}</dd>
            <dt className={styles.term}>Logged</dt>
            <dd className={styles.value}>{formatDateTime(entry.at)}</dd>
            <dt className={styles.term}>Event ID</dt>
            <dd className={styles.value}>{entry.eventId}</dd>
            <dt className={styles.term}>Level</dt>
            <dd className={styles.value}>
              <EventLevelLabel level={entry.level} />
            </dd>
            <dt className={styles.term}>Computer</dt>
            <dd className={styles.value}>{entry.computer}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

/**
 * One computer's Application event log, as Windows Event Viewer shows it: the list, and the selected
 * event's full text below. Suspended messages leave their reason here, in BizTalk's words.
 */
export function EventViewer({
  computer,
  level,
  onLevelChange,
}: {
  computer: string;
  /** null shows every level. */
  level: EventLevel | null;
  onLevelChange: (level: EventLevel | null) => void;
}) {
  const styles = useStyles();
  const levelSelectId = useId();
  const label = `Event Viewer - ${computer}`;
  const eventLog = useEventLog({ computer, ...(level ? { level } : {}) });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = eventLog.data?.items.find((entry) => entry.id === selectedId) ?? null;

  return (
    <div className={styles.root}>
      <div className={styles.list}>
        <ResultsGrid
          label={label}
          filterLabel="Search events"
          items={eventLog.data?.items}
          columns={COLUMNS}
          getRowId={(entry) => String(entry.id)}
          isLoading={eventLog.isPending}
          error={
            eventLog.isError ? (
              <QueryError
                error={eventLog.error}
                title="The event log could not be read"
                onRetry={() => void eventLog.refetch()}
              />
            ) : null
          }
          emptyMessage={
            level ? `No ${level} events are logged on ${computer}.` : `No events are logged on ${computer}.`
          }
          defaultSort={{ columnId: 'at', direction: 'descending' }}
          selectedId={selectedId === null ? null : String(selectedId)}
          onSelect={(entry) => setSelectedId(entry.id)}
          toolbar={
            <>
              <span className={styles.filter}>
                <Label htmlFor={levelSelectId} size="small">
                  Level
                </Label>
                <Select
                  id={levelSelectId}
                  size="small"
                  value={level ?? ''}
                  onChange={(_, data) =>
                    onLevelChange(EVENT_LEVELS.find((candidate) => candidate === data.value) ?? null)
                  }
                >
                  <option value="">All levels</option>
                  {EVENT_LEVELS.map((candidate) => (
                    <option key={candidate} value={candidate}>
                      {candidate}
                    </option>
                  ))}
                </Select>
              </span>
              <Tooltip content="Refresh" relationship="label">
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<ArrowClockwiseRegular />}
                  onClick={() => void eventLog.refetch()}
                />
              </Tooltip>
            </>
          }
        />
      </div>
      {eventLog.data && eventLog.data.total > eventLog.data.items.length && (
        <Text size={200}>
          Showing the newest {EVENT_LOG_PAGE_SIZE} of {eventLog.data.total} events.
        </Text>
      )}
      <EventDetails entry={selected} />
      <Actions title={label}>
        <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void eventLog.refetch()}>
          Refresh
        </Button>
      </Actions>
    </div>
  );
}
