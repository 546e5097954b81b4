import {
  Button,
  Spinner,
  Text,
  Tooltip,
  makeStyles,
  tokens,
  useFocusFinders,
} from '@fluentui/react-components';
import { HistoryRegular, PersonRegular, SignOutRegular, WindowConsoleRegular } from '@fluentui/react-icons';
import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ActionsPaneProvider, ActionsPaneSlot } from '../../components/actions-pane';
import { PaneSplitter } from '../../components/pane-splitter';
import { QueryError } from '../../components/query-error';
import { ConsoleTree } from '../../features/group/components/console-tree';
import { useSession } from '../../lib/auth/get-session';
import { primaryRole } from '../../lib/auth/permissions';
import { useSignOut } from '../../lib/auth/sign-out';
import { consolePaths } from '../../lib/console-paths';

const useStyles = makeStyles({
  shell: {
    display: 'flex',
    flexDirection: 'column',
    height: '100%',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  topBar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalM}`,
    height: '40px',
    flex: '0 0 auto',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  product: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: 'inherit',
    textDecoration: 'none',
  },
  productName: { fontWeight: tokens.fontWeightSemibold, color: 'inherit' },
  spacer: { flex: '1 1 auto' },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: 'inherit' },
  role: { color: 'inherit' },
  topLink: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecorationLine: 'none',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `2px solid ${tokens.colorNeutralForegroundOnBrand}` },
  },
  topButton: { color: tokens.colorNeutralForegroundOnBrand, minWidth: 'auto' },
  panes: { display: 'flex', flex: '1 1 auto', minHeight: 0 },
  pane: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  paneTitle: {
    flex: '0 0 auto',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  paneBody: { flex: '1 1 auto', overflow: 'auto', minHeight: 0 },
  results: {
    flex: '1 1 auto',
    minWidth: '320px',
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'auto',
  },
  actions: { padding: tokens.spacingHorizontalS, display: 'flex', flexDirection: 'column' },
  centered: { display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' },
});

/** The MMC layout: console tree, results pane and actions pane, under a top bar with the signed-in user. */
export default function ConsoleLayout() {
  const styles = useStyles();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  // Fluent's dialogs and menus keep their focus and hide the rest of the page through one tabster instance,
  // which Fluent disposes when the last component using it is gone. Held here for the frame's lifetime: a
  // dialog that was the only one would otherwise dispose it while closing, before the page is shown again
  // to assistive technology (the console tree no longer holds it: ADR 032).
  useFocusFinders();
  // Narrower panes beside a narrow window, so that the results pane keeps room for its list's columns.
  const [treeWidth, setTreeWidth] = useState(() => paneWidth(0.17, 180, 300));
  const [actionsWidth, setActionsWidth] = useState(() => paneWidth(0.15, 160, 240));

  if (session.isPending) {
    return (
      <div className={styles.centered}>
        <Spinner label="Connecting to bts-console…" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className={styles.centered}>
        <QueryError
          error={session.error}
          title="The console could not reach the server"
          onRetry={() => void session.refetch()}
        />
      </div>
    );
  }
  if (!session.data) {
    return (
      <Navigate
        to={consolePaths.signInReturningTo(`${location.pathname}${location.search}${location.hash}`)}
        replace
      />
    );
  }

  const role = primaryRole(session.data.roles);
  return (
    <ActionsPaneProvider>
      <div className={styles.shell}>
        <header className={styles.topBar}>
          <Link to={consolePaths.root} className={styles.product}>
            <WindowConsoleRegular fontSize={20} />
            <Text className={styles.productName}>BizTalk Server Administration</Text>
            <Text size={200} className={styles.role}>
              bts-console
            </Text>
          </Link>
          <span className={styles.spacer} />
          <Tooltip content="Who changed what, and whether the log is intact" relationship="description">
            <Link to={consolePaths.audit} className={styles.topLink}>
              <HistoryRegular fontSize={16} />
              Audit log
            </Link>
          </Tooltip>
          <span className={styles.user} aria-label={`Signed in as ${session.data.user}, ${role}`}>
            <PersonRegular />
            <Text className={styles.productName}>{session.data.user}</Text>
            <Text size={200} className={styles.role}>
              ({role})
            </Text>
          </span>
          <Button
            appearance="transparent"
            className={styles.topButton}
            icon={<SignOutRegular />}
            disabled={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSettled: () => navigate(consolePaths.signIn) })}
          >
            Sign out
          </Button>
        </header>
        <div className={styles.panes}>
          <nav className={styles.pane} style={{ flex: `0 0 ${treeWidth}px` }} aria-label="Console tree pane">
            <div className={styles.paneTitle}>Console tree</div>
            <div className={styles.paneBody}>
              <ConsoleTree />
            </div>
          </nav>
          <PaneSplitter
            label="Resize console tree"
            width={treeWidth}
            min={180}
            max={600}
            direction={1}
            onResize={setTreeWidth}
          />
          <main className={styles.results} aria-label="Results">
            {/* A page opened before sign-in loads its code when it is first drawn. */}
            <Suspense fallback={<Spinner size="tiny" label="Loading…" />}>
              <Outlet />
            </Suspense>
          </main>
          <PaneSplitter
            label="Resize actions pane"
            width={actionsWidth}
            min={160}
            max={480}
            direction={-1}
            onResize={setActionsWidth}
          />
          <aside className={styles.pane} style={{ flex: `0 0 ${actionsWidth}px` }} aria-label="Actions">
            <div className={styles.paneTitle}>Actions</div>
            <div className={styles.paneBody}>
              <ActionsPaneSlot className={styles.actions} />
            </div>
          </aside>
        </div>
      </div>
    </ActionsPaneProvider>
  );
}

/** A share of the window's width, within the pane's limits. */
function paneWidth(share: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(window.innerWidth * share)));
}
