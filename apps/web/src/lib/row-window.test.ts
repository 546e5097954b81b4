import { describe, expect, it } from 'vitest';
import { rowWindow, scrollTopFor } from './row-window';

const list = { count: 10_000, rowHeight: 32, overscan: 12 };
const indexes = (rows: { index: number }[]) => rows.map((row) => row.index);

describe('rowWindow', () => {
  it('draws the rows that show at the top, and the overscan below them', () => {
    const rows = rowWindow(0, 320, list);
    expect(indexes(rows)).toEqual([...Array(22).keys()]);
    expect(rows[3]).toEqual({ index: 3, start: 96 });
  });

  it('draws the overscan on both sides of a scrolled position, including a partly shown row', () => {
    // 1,000 px down: row 31 is cut at the top, row 41 at the bottom of a 330 px viewport.
    const rows = indexes(rowWindow(1000, 330, list));
    expect(rows[0]).toBe(31 - 12);
    expect(rows.at(-1)).toBe(41 + 12);
    expect(rows).toHaveLength(41 + 12 - (31 - 12) + 1);
  });

  it('stops at the ends of the list', () => {
    expect(indexes(rowWindow(0, 320, { ...list, count: 5 }))).toEqual([0, 1, 2, 3, 4]);
    expect(indexes(rowWindow(32 * 9_990, 320, list)).at(-1)).toBe(9_999);
    expect(rowWindow(0, 320, { ...list, count: 0 })).toEqual([]);
  });

  it('keeps a row far from the visible part, in list order', () => {
    expect(indexes(rowWindow(0, 320, { ...list, keepIndex: 5_000 })).slice(-2)).toEqual([21, 5_000]);
    expect(indexes(rowWindow(32 * 5_000, 320, { ...list, keepIndex: 3 })).slice(0, 2)).toEqual([3, 4_988]);
    expect(indexes(rowWindow(0, 320, { ...list, keepIndex: 4 }))).toHaveLength(22);
  });

  it('still draws rows while the viewport has not been measured', () => {
    expect(indexes(rowWindow(0, 0, list))).toEqual([...Array(13).keys()]);
  });
});

describe('scrollTopFor', () => {
  const viewport = { top: 3200, height: 320 };
  const at = (index: number, align: 'auto' | 'center') =>
    scrollTopFor(index, align, viewport.top, viewport.height, list);

  it('leaves a row that already shows where it is', () => {
    expect(at(100, 'auto')).toBe(3200);
    expect(at(109, 'auto')).toBe(3200);
  });

  it('scrolls just enough to show a row above or below', () => {
    expect(at(99, 'auto')).toBe(99 * 32);
    expect(at(110, 'auto')).toBe(111 * 32 - 320);
  });

  it('centres a row, within the ends of the list', () => {
    expect(at(500, 'center')).toBe(500 * 32 + 16 - 160);
    expect(at(0, 'center')).toBe(0);
    expect(at(9_999, 'center')).toBe(10_000 * 32 - 320);
  });
});
