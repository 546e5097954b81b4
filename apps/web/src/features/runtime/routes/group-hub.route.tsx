import { BoardRegular } from '@fluentui/react-icons';
import { ResultsHeader } from '../../../components/results-header';
import { GroupHub } from '../components/group-hub';

/** `/` and `/group`: the BizTalk Group node's results pane. */
export default function GroupHubRoute() {
  return (
    <>
      <ResultsHeader
        title="Group Hub"
        icon={<BoardRegular />}
        description="Where messages are stuck, and which send port certificates will make them stick"
      />
      <GroupHub />
    </>
  );
}
