import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/** A route's failure in Fluent's message bar; its own module, so the first screen does not carry the bar. */
export function RouteErrorBar({ title, text }: { title: string; text: string }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {text}
      </MessageBarBody>
    </MessageBar>
  );
}
