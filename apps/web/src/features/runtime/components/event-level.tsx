import type { EventLevel } from '@bts-console/domain';
import { makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCircleFilled, InfoFilled, WarningFilled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  Error: { color: tokens.colorPaletteRedForeground1 },
  Warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  Information: { color: tokens.colorPaletteBlueForeground2 },
});

/** The Windows Event Viewer's level column: the icon beside the word, so it reads without colour. */
export function EventLevelLabel({ level }: { level: EventLevel }) {
  const styles = useStyles();
  const Icon = level === 'Error' ? ErrorCircleFilled : level === 'Warning' ? WarningFilled : InfoFilled;
  return (
    <span className={styles.root}>
      <Icon className={styles[level]} aria-hidden />
      {level}
    </span>
  );
}
