import { Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: { flexShrink: 0 },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalS,
  },
  icon: { fontSize: '20px', display: 'flex', color: tokens.colorBrandForeground1 },
  description: { color: tokens.colorNeutralForeground3 },
});

/** The title of the results pane: the selected node's name, as the MMC shows above its list. */
export function ResultsHeader({
  title,
  icon,
  description,
}: {
  title: string;
  icon?: ReactNode;
  description?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        {icon && <span className={styles.icon}>{icon}</span>}
        <Subtitle2 as="h1">{title}</Subtitle2>
      </div>
      {description && (
        <Text as="p" size={200} className={styles.description} block>
          {description}
        </Text>
      )}
    </div>
  );
}
