import { MessageBar, MessageBarBody } from '@fluentui/react-components';

/**
 * Why signing in failed, when it was not a field's fault. Its own module: Fluent's message bar and its
 * motion are half again the sign-in page's own controls, and most visits never see it.
 */
export function SignInProblem({ message }: { message: string }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  );
}
