import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Link, useLocation } from 'react-router';
import { consolePaths } from '../../lib/console-paths';

export default function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Nothing is at {pathname}</MessageBarTitle>
        Choose a node in the console tree, or go to <Link to={consolePaths.group}>the BizTalk group</Link>.
      </MessageBarBody>
    </MessageBar>
  );
}
