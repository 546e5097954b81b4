import { describe, expect, it } from 'vitest';
import { selectionAfter, type RowSelection, type SelectionGesture } from './row-selection';

const ORDER = ['a', 'b', 'c', 'd', 'e'];
const click: SelectionGesture = { via: 'click', ctrl: false, shift: false };
const ctrlClick: SelectionGesture = { via: 'click', ctrl: true, shift: false };
const shiftClick: SelectionGesture = { via: 'click', ctrl: false, shift: true };
const ctrlShiftClick: SelectionGesture = { via: 'click', ctrl: true, shift: true };
const arrow: SelectionGesture = { via: 'key', ctrl: false, shift: false };
const ctrlArrow: SelectionGesture = { via: 'key', ctrl: true, shift: false };
const shiftArrow: SelectionGesture = { via: 'key', ctrl: false, shift: true };
const space: SelectionGesture = { via: 'toggle', ctrl: false, shift: false };

function state(selected: string[], anchor: string | null): RowSelection {
  return { selected: new Set(selected), anchor };
}

function after(current: RowSelection, id: string, gesture: SelectionGesture) {
  const next = selectionAfter(ORDER, current, id, gesture);
  return { selected: [...next.selected].sort(), anchor: next.anchor };
}

describe('selectionAfter', () => {
  it('selects the clicked row alone, and makes it where a range starts', () => {
    expect(after(state(['a', 'b'], 'a'), 'd', click)).toEqual({ selected: ['d'], anchor: 'd' });
  });

  it('adds or removes the row on Ctrl+click, Space and its check box', () => {
    expect(after(state(['a'], 'a'), 'c', ctrlClick)).toEqual({ selected: ['a', 'c'], anchor: 'c' });
    expect(after(state(['a', 'c'], 'a'), 'a', ctrlClick)).toEqual({ selected: ['c'], anchor: 'a' });
    expect(after(state(['b'], 'b'), 'e', space)).toEqual({ selected: ['b', 'e'], anchor: 'e' });
    expect(after(state(['b', 'e'], 'b'), 'e', space)).toEqual({ selected: ['b'], anchor: 'e' });
  });

  it('selects from the anchor to the row on Shift, either way, in the order shown', () => {
    expect(after(state(['b'], 'b'), 'd', shiftClick)).toEqual({ selected: ['b', 'c', 'd'], anchor: 'b' });
    expect(after(state(['d'], 'd'), 'a', shiftArrow)).toEqual({
      selected: ['a', 'b', 'c', 'd'],
      anchor: 'd',
    });
    // A second Shift+click ranges from the same anchor again, dropping what the first one added.
    expect(after(state(['b', 'c', 'd', 'e'], 'b'), 'c', shiftClick)).toEqual({
      selected: ['b', 'c'],
      anchor: 'b',
    });
  });

  it('adds the range to what was selected on Ctrl+Shift+click', () => {
    expect(after(state(['a', 'c'], 'c'), 'e', ctrlShiftClick)).toEqual({
      selected: ['a', 'c', 'd', 'e'],
      anchor: 'c',
    });
  });

  it('starts the range at the row itself when there is no anchor, or it is filtered out', () => {
    expect(after(state([], null), 'c', shiftClick)).toEqual({ selected: ['c'], anchor: 'c' });
    expect(after(state(['x'], 'x'), 'b', shiftClick)).toEqual({ selected: ['b'], anchor: 'b' });
  });

  it('moves the selection with a plain arrow key, and leaves it on Ctrl+arrow', () => {
    expect(after(state(['a', 'b'], 'a'), 'c', arrow)).toEqual({ selected: ['c'], anchor: 'c' });
    const current = state(['a', 'b'], 'a');
    expect(selectionAfter(ORDER, current, 'c', ctrlArrow)).toBe(current);
  });
});
