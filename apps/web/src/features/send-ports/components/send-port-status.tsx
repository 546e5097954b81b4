import type { SendPortStatus } from '@bts-console/domain';
import { tokens } from '@fluentui/react-components';
import { CircleRegular, PlayCircleFilled, StopFilled } from '@fluentui/react-icons';

const LOOK: Record<SendPortStatus, { icon: typeof CircleRegular; color: string }> = {
  Started: { icon: PlayCircleFilled, color: tokens.colorPaletteGreenForeground1 },
  Stopped: { icon: StopFilled, color: tokens.colorPaletteRedForeground1 },
  Bound: { icon: CircleRegular, color: tokens.colorNeutralForeground3 },
};

/** The status column: an icon shaped and coloured by status, with the word, as the BizTalk console shows it. */
export function SendPortStatusLabel({ status }: { status: SendPortStatus }) {
  const { icon: Icon, color } = LOOK[status];
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <Icon aria-hidden style={{ color, fontSize: 16 }} />
      {status}
    </span>
  );
}
