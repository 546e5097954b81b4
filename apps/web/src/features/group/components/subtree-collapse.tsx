import {
  createPresenceComponent,
  motionTokens,
  type PresenceComponentProps,
  type PresenceMotion,
  type TreeProps,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';

const DURATION = motionTokens.durationNormal;
const EASING = motionTokens.curveEasyEaseMax;

/**
 * Fluent's Collapse, the motion a Tree's subtree opens and closes with (height, padding and margin, opacity),
 * except on the subtree's first draw. Fluent's measures the subtree's height whenever it is drawn open,
 * even on its first draw, where it shows no motion: a layout of the whole page for each open subtree, in the
 * commit that draws the console's frame and its first page.
 */
const Collapse = createPresenceComponent<{ drawn: boolean }>(({ element, drawn }): PresenceMotion => {
  if (!drawn) return { enter: [], exit: [] };
  const height = `${element.scrollHeight}px`;
  const whitespace = (offset: number) => ({
    keyframes: [
      { paddingBlockStart: '0', paddingBlockEnd: '0', marginBlockStart: '0', marginBlockEnd: '0', offset },
    ],
    duration: DURATION,
    easing: EASING,
    fill: 'both' as const,
  });
  const opacity = (keyframes: Keyframe[]) => ({
    keyframes,
    duration: DURATION,
    easing: EASING,
    fill: 'both' as const,
  });
  return {
    enter: [
      {
        keyframes: [
          { maxHeight: '0px', overflowY: 'hidden' },
          { maxHeight: height, offset: 0.9999, overflowY: 'hidden' },
          { maxHeight: 'unset', overflowY: 'unset' },
        ],
        duration: DURATION,
        easing: EASING,
        fill: 'both' as const,
      },
      whitespace(0),
      opacity([{ opacity: 0 }, { opacity: 1 }]),
    ],
    exit: [
      opacity([{ opacity: 1 }, { opacity: 0 }]),
      {
        keyframes: [
          { maxHeight: height, overflowY: 'hidden' },
          { maxHeight: '0px', overflowY: 'hidden' },
        ],
        duration: DURATION,
        easing: EASING,
        fill: 'both' as const,
      },
      whitespace(1),
    ],
  };
});

function SubtreeCollapse(props: PresenceComponentProps) {
  // False on the first render only: the subtree shows as it is, unmeasured; later changes move as Fluent's.
  const [drawn, setDrawn] = useState(false);
  useEffect(() => setDrawn(true), []);
  return <Collapse {...props} drawn={drawn} />;
}

/** A nested Tree's `collapseMotion`: the console's Collapse in place of Fluent's. */
export const subtreeCollapse: TreeProps['collapseMotion'] = {
  children: (
    _fluentCollapse,
    { children, visible, appear, unmountOnExit, onMotionFinish, onMotionStart },
  ) => (
    <SubtreeCollapse
      visible={visible}
      appear={appear}
      unmountOnExit={unmountOnExit}
      onMotionFinish={onMotionFinish}
      onMotionStart={onMotionStart}
    >
      {children}
    </SubtreeCollapse>
  ),
};
