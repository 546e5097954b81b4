import { z } from 'zod';
import { formatCodePoint } from '../unicode-names';

/**
 * Why a string was refused at the edge; the problem's `code` and the field error's `code`. A lone
 * surrogate is stored as U+FFFD by both databases, so what was hashed and what was kept would differ;
 * U+0000 ends a string in SQLite's LIKE and PostgreSQL refuses it outright.
 */
export const TEXT_ERROR_CODES = ['ill-formed-unicode', 'control-character'] as const;
export type TextErrorCode = (typeof TEXT_ERROR_CODES)[number];

/**
 * Where a string comes from decides which control characters it may hold: `one` line (names,
 * searches, path parameters), `many` lines (descriptions and reasons: tab and line feed), or a `pasted`
 * thumbprint, whose normalizer removes tabs and line breaks, carriage returns included.
 */
export type TextLines = 'one' | 'many' | 'pasted';

const ALLOWED_CONTROLS: Record<TextLines, ReadonlySet<number>> = {
  one: new Set(),
  many: new Set([0x09, 0x0a]),
  pasted: new Set([0x09, 0x0a, 0x0d]),
};

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0, DEL and C1. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** The first reason `value` cannot enter the system, or undefined when it can. */
export function textRefusal(
  value: string,
  lines: TextLines = 'one',
): { code: TextErrorCode; message: string } | undefined {
  const lone = LONE_SURROGATE.exec(value);
  if (lone) {
    return {
      code: 'ill-formed-unicode',
      message: `Contains a lone surrogate (${formatCodePoint(lone[0].charCodeAt(0))}) at position ${lone.index + 1}: send well-formed Unicode`,
    };
  }
  for (const control of value.matchAll(CONTROL)) {
    const codePoint = control[0].charCodeAt(0);
    if (ALLOWED_CONTROLS[lines].has(codePoint)) continue;
    return {
      code: 'control-character',
      message: `Contains the control character ${formatCodePoint(codePoint)} at position ${control.index + 1}: remove it`,
    };
  }
  return undefined;
}

/** The code of a zod issue raised by the text rule, if it is one. */
export function textIssueCode(issue: { code: string; params?: unknown }): TextErrorCode | undefined {
  if (issue.code !== 'custom' || typeof issue.params !== 'object' || issue.params === null) return undefined;
  const code = (issue.params as { textRule?: unknown }).textRule;
  return TEXT_ERROR_CODES.find((known) => known === code);
}

/**
 * Every string that enters the system: well-formed Unicode without control characters (but those
 * `lines` allows). Chain the field's own rules after it: `text().trim().min(1).max(256)`.
 */
export function text(lines: TextLines = 'one'): z.ZodString {
  return z.string().check((context) => {
    const refusal = textRefusal(context.value, lines);
    if (!refusal) return;
    context.issues.push({
      code: 'custom',
      message: refusal.message,
      input: context.value,
      params: { textRule: refusal.code },
    });
  });
}
