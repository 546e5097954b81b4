import { EVENT_LEVELS } from '@bts-console/domain';
import { DocumentBulletListRegular } from '@fluentui/react-icons';
import { useParams, useSearchParams } from 'react-router';
import { ResultsHeader } from '../../components/results-header';
import { EventViewer } from '../../features/runtime/components/event-viewer';

/** `/platform-settings/servers/:computer/event-viewer?level=`: one computer's Application log. */
export default function EventViewerRoute() {
  const computer = useParams().computer ?? '';
  const [searchParams, setSearchParams] = useSearchParams();
  const level = EVENT_LEVELS.find((candidate) => candidate === searchParams.get('level')) ?? null;
  return (
    <>
      <ResultsHeader
        title={`Event Viewer - ${computer}`}
        icon={<DocumentBulletListRegular />}
        description="Windows Logs › Application"
      />
      <EventViewer
        key={computer}
        computer={computer}
        level={level}
        onLevelChange={(next) => setSearchParams(next ? { level: next } : {})}
      />
    </>
  );
}
