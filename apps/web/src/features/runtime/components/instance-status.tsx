import type { MessageInstanceStatus } from '@bts-console/domain';
import { makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, DismissCircleRegular, PauseCircleRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  Delivered: { color: tokens.colorPaletteGreenForeground1 },
  Suspended: { color: tokens.colorPaletteRedForeground1 },
  Terminated: { color: tokens.colorNeutralForeground3 },
});

/** A message instance's status as icon and words; the words carry the meaning, the colour only helps. */
export function InstanceStatusLabel({ status }: { status: MessageInstanceStatus }) {
  const styles = useStyles();
  const icon =
    status === 'Delivered' ? (
      <CheckmarkCircleFilled className={styles.Delivered} aria-hidden />
    ) : status === 'Terminated' ? (
      <DismissCircleRegular className={styles.Terminated} aria-hidden />
    ) : (
      <PauseCircleRegular className={styles.Suspended} aria-hidden />
    );
  return (
    <span className={styles.root}>
      {icon}
      {status}
    </span>
  );
}
