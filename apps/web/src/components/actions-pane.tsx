import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const ActionsPaneContext = createContext<{
  target: HTMLElement | null;
  setTarget: (element: HTMLElement | null) => void;
}>({
  target: null,
  setTarget: () => undefined,
});

/** The results pane and the actions pane are siblings; the route that fills one also fills the other. */
export function ActionsPaneProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<HTMLElement | null>(null);
  return <ActionsPaneContext.Provider value={{ target, setTarget }}>{children}</ActionsPaneContext.Provider>;
}

/** Where the actions pane shows whatever the current route puts into `<Actions>`. */
export function ActionsPaneSlot({ className }: { className?: string }) {
  const { setTarget } = useContext(ActionsPaneContext);
  return <div ref={setTarget} className={className} />;
}

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    marginBottom: tokens.spacingVerticalL,
  },
  heading: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightSemibold,
    marginBottom: tokens.spacingVerticalXS,
  },
  list: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalXXS,
    '& button': { justifyContent: 'flex-start' },
  },
});

/** One titled group of actions in the actions pane, e.g. the node's, then the selected item's. */
export function Actions({ title, children }: { title: string; children: ReactNode }) {
  const { target } = useContext(ActionsPaneContext);
  const styles = useStyles();
  if (!target) return null;
  return createPortal(
    <section className={styles.section} aria-label={`Actions: ${title}`}>
      <Text className={styles.heading} truncate wrap={false} title={title}>
        {title}
      </Text>
      <div className={styles.list}>{children}</div>
    </section>,
    target,
  );
}
