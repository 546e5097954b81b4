import { makeStyles, tokens } from '@fluentui/react-components';
import type { KeyboardEvent, PointerEvent } from 'react';

const useStyles = makeStyles({
  splitter: {
    flex: '0 0 5px',
    cursor: 'col-resize',
    backgroundColor: tokens.colorNeutralStroke2,
    touchAction: 'none',
    ':hover': { backgroundColor: tokens.colorBrandStroke2 },
    ':focus-visible': {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      backgroundColor: tokens.colorBrandStroke1,
    },
  },
});

type PaneSplitterProps = {
  /** Names the pane it resizes, e.g. "Resize console tree". */
  label: string;
  width: number;
  min: number;
  max: number;
  /** +1 when dragging right widens the pane (left pane), -1 when it narrows it (right pane). */
  direction: 1 | -1;
  onResize: (width: number) => void;
};

/** A WAI-ARIA window splitter between two panes: drag it, or focus it and use the arrow keys, Home and End. */
export function PaneSplitter({ label, width, min, max, direction, onResize }: PaneSplitterProps) {
  const styles = useStyles();
  const clamp = (value: number) => Math.min(max, Math.max(min, Math.round(value)));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    element.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = width;
    const onMove = (move: globalThis.PointerEvent) =>
      onResize(clamp(startWidth + direction * (move.clientX - startX)));
    const onUp = () => {
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onUp);
    };
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onUp);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 50 : 10;
    const keys: Record<string, number> = {
      ArrowLeft: width - direction * step,
      ArrowRight: width + direction * step,
      Home: min,
      End: max,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={styles.splitter}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
