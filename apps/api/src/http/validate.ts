import { textIssueCode, type ErrorCode, type FieldError } from '@bts-console/domain';
import type { ZodType, z } from 'zod';
import { HttpProblem } from './problem';

/** Zod issues as the field errors of a problem document. */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: textIssueCode(issue) ?? issue.code,
    message: issue.message,
  }));
}

function parseWith<T>(schema: ZodType<T>, input: unknown, where: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error.issues);
  const first = errors[0];
  throw new HttpProblem({
    status: 422,
    code: problemCode(result.error.issues),
    detail:
      errors.length === 1 && first
        ? `The ${where} is not valid: ${first.path ? `${first.path}: ` : ''}${first.message}`
        : `The ${where} is not valid; see errors for each field.`,
    errors,
  });
}

/**
 * Text that cannot enter the system names itself, so clients can tell it from a merely invalid field:
 * a lone surrogate first, as it is the one that would break the audit chain.
 */
function problemCode(issues: z.core.$ZodIssue[]): ErrorCode {
  const textCodes = new Set(withUnionBranches(issues).map(textIssueCode));
  if (textCodes.has('ill-formed-unicode')) return 'ill-formed-unicode';
  if (textCodes.has('control-character')) return 'control-character';
  return 'validation-failed';
}

/** The issues and, for a value no branch of a union accepts, those of each branch. */
function withUnionBranches(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'invalid_union' ? [issue, ...withUnionBranches(issue.errors.flat())] : [issue],
  );
}

/** Validates a JSON body; a missing body counts as `{}` so the field errors say what is required. */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  return parseWith(schema, body === undefined ? {} : body, 'request body');
}

/** Validates query parameters. */
export function parseQuery<T>(schema: ZodType<T>, query: unknown): T {
  return parseWith(schema, query ?? {}, 'query');
}

/** Validates path parameters. */
export function parseParams<T>(schema: ZodType<T>, params: unknown): T {
  return parseWith(schema, params ?? {}, 'path');
}
