import { FolderRegular, ServerRegular, SettingsRegular } from '@fluentui/react-icons';
import { FolderList } from '../../components/folder-list';
import { ResultsHeader } from '../../components/results-header';
import { PLATFORM_NODES, consolePaths } from '../../lib/console-paths';

export default function PlatformSettingsRoute() {
  return (
    <>
      <ResultsHeader title="Platform Settings" icon={<SettingsRegular />} />
      <FolderList
        label="Platform Settings"
        entries={PLATFORM_NODES.map((node) => ({
          name: node.label,
          type: 'Folder',
          to: consolePaths.platformNode(node.segment),
          icon: node.segment === 'servers' ? <ServerRegular /> : <FolderRegular />,
        }))}
      />
    </>
  );
}
