/** What is selected in a list where several rows can be, and where a Shift range starts. */
export type RowSelection = { selected: ReadonlySet<string>; anchor: string | null };

/** How a row was reached: clicked, moved to with a key, or toggled (Space, its check box). */
export type SelectionGesture = { via: 'click' | 'key' | 'toggle'; ctrl: boolean; shift: boolean };

/**
 * The selection after a gesture on the row `id`, as in Windows list views: a click, or a move with the
 * arrow keys, selects that row alone; Shift selects from the anchor to it in the order shown (with Ctrl, on
 * top of what was selected); Ctrl+click, Space and the check box toggle it; Ctrl+arrow moves the focus and
 * leaves the selection as it was. `order` holds the ids as the list shows them, filtered and sorted.
 */
export function selectionAfter(
  order: readonly string[],
  current: RowSelection,
  id: string,
  gesture: SelectionGesture,
): RowSelection {
  const to = order.indexOf(id);
  if (gesture.shift && to >= 0) {
    const anchor = current.anchor !== null && order.includes(current.anchor) ? current.anchor : id;
    const from = order.indexOf(anchor);
    const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
    return { selected: new Set(gesture.ctrl ? [...current.selected, ...range] : range), anchor };
  }
  if (gesture.via === 'toggle' || (gesture.via === 'click' && gesture.ctrl)) {
    const selected = new Set(current.selected);
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    return { selected, anchor: id };
  }
  if (gesture.via === 'key' && gesture.ctrl) return current;
  return { selected: new Set([id]), anchor: id };
}
