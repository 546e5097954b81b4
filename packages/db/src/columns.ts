import type { Flag, IsoTime } from './schema';

/** Times are stored as ISO-8601 UTC text so that SQLite and PostgreSQL compare them alike. */
export function toIsoTime(at: Date): IsoTime {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid date given to the database layer.');
  return at.toISOString();
}

export function toFlag(value: boolean): Flag {
  return value ? 1 : 0;
}

export function fromFlag(value: number): boolean {
  return Number(value) !== 0;
}

export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

export function toNullableJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function parseJsonText<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function parseNullableJsonText<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** PostgreSQL returns counts as bigint strings; SQLite as numbers. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Escapes LIKE wildcards so a search for `50%_off` means those characters literally (used with ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
