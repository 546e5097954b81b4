import { SignInRequestSchema } from '@bts-console/domain';
import { Button, Field, Input, Spinner, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { WindowConsoleRegular } from '@fluentui/react-icons';
import { Suspense, lazy, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../lib/api-client';
import { useSession } from '../../lib/auth/get-session';
import { useSignIn } from '../../lib/auth/sign-in';
import { consolePaths } from '../../lib/console-paths';

// Asked for when the form is sent, so it is here before the server can refuse.
const loadSignInProblem = () => import('../sign-in-problem');
const SignInProblem = lazy(() => loadSignInProblem().then((module) => ({ default: module.SignInProblem })));

const useStyles = makeStyles({
  page: {
    height: '100%',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  // Looks like Fluent's Card, whose code (selection, focus modes, floating actions) this box never uses.
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    boxSizing: 'border-box',
    width: '380px',
    padding: tokens.spacingHorizontalXXL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    color: tokens.colorNeutralForeground1,
  },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** Only paths inside the console: a crafted link must not send the user to another site after sign-in. */
function safeReturnTo(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return consolePaths.root;
  return value;
}

export default function SignInRoute() {
  const styles = useStyles();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const returnTo = safeReturnTo(searchParams.get('returnTo'));

  if (session.data && !signIn.isPending)
    return <Navigate to={returnTo} replace state={{ focusConsoleTree: true }} />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void loadSignInProblem();
    const parsed = SignInRequestSchema.safeParse({ username, password });
    if (!parsed.success) {
      const errors: { username?: string; password?: string } = {};
      for (const issue of parsed.error.issues) {
        const path = issue.path[0];
        if ((path === 'username' || path === 'password') && !errors[path]) errors[path] = issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    signIn.mutate(parsed.data, {
      onSuccess: () => navigate(returnTo, { replace: true, state: { focusConsoleTree: true } }),
    });
  };

  const apiError = signIn.error;
  const apiField = (path: 'username' | 'password') =>
    apiError instanceof ApiError ? apiError.fieldMessage(path) : undefined;

  return (
    <div className={styles.page}>
      <div role="group" className={styles.card}>
        <div className={styles.heading}>
          <WindowConsoleRegular fontSize={28} />
          <div>
            <Title3 as="h1">BizTalk Server Administration</Title3>
            <Text size={200} className={styles.hint} block>
              bts-console — sign in with your BizTalk account
            </Text>
          </div>
        </div>
        <form className={styles.form} onSubmit={onSubmit} noValidate>
          {apiError && !(apiError instanceof ApiError && apiError.errors.length > 0) && (
            <Suspense fallback={null}>
              <SignInProblem message={errorMessage(apiError)} />
            </Suspense>
          )}
          <Field label="User name" validationMessage={fieldErrors.username ?? apiField('username')}>
            <Input
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(_, data) => setUsername(data.value)}
            />
          </Field>
          <Field label="Password" validationMessage={fieldErrors.password ?? apiField('password')}>
            <Input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_, data) => setPassword(data.value)}
            />
          </Field>
          <Button
            appearance="primary"
            type="submit"
            disabled={signIn.isPending}
            icon={signIn.isPending ? <Spinner size="tiny" /> : undefined}
          >
            Sign in
          </Button>
        </form>
      </div>
    </div>
  );
}
