import { makeStyles, tokens } from '@fluentui/react-components';

/** The pane below a runtime list that shows the selected row in full, as Event Viewer does. */
export const useDetailPaneStyles = makeStyles({
  pane: {
    flex: '0 0 auto',
    maxHeight: '40%',
    minHeight: '120px',
    overflow: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});
