import type { FieldError, ProblemDetails, Warning } from '@bts-console/domain';
import type { Terminal } from './terminal';

export interface Column<Row> {
  header: string;
  value(row: Row): string | number | null | undefined;
}

/** Aligned columns under upper-case headers, two spaces apart; the last column is not padded. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = [
    columns.map((column) => column.header.toUpperCase()),
    ...rows.map((row) => columns.map((column) => cellText(column.value(row)))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => width(line[index] ?? ''))));
  return cells
    .map((line) =>
      line
        .map((cell, index) =>
          index === line.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - width(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function cellText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  // A newline inside a cell would break the alignment of every row after it.
  return String(value).replace(/\s*[\r\n]+\s*/g, ' ');
}

function width(text: string): number {
  return [...text].length;
}

/** A date as administrators read it in a table: `2026-11-25 12:00` (UTC). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** What a command prints: tables and sentences for people, the API's JSON with --json. */
export interface Output {
  readonly json: boolean;
  /** With --json prints `raw`; otherwise calls `readable`. */
  result(raw: unknown, readable: () => void): void;
  line(text: string): void;
  table<Row>(columns: readonly Column<Row>[], rows: readonly Row[], empty: string): void;
  warnings(warnings: readonly Warning[]): void;
}

export function createOutput(terminal: Terminal, json: boolean): Output {
  const output: Output = {
    json,
    result(raw, readable) {
      if (json) terminal.stdout.write(`${JSON.stringify(raw, null, 2)}\n`);
      else readable();
    },
    line(text) {
      terminal.stdout.write(`${text}\n`);
    },
    table(columns, rows, empty) {
      output.line(rows.length === 0 ? empty : formatTable(columns, rows));
    },
    warnings(warnings) {
      // Warnings go to stderr so that stdout stays the result, also under --json.
      for (const warning of warnings)
        terminal.stderr.write(`warning [${warning.code}]: ${warning.message}\n`);
    },
  };
  return output;
}

/** `error [certificate-expired]: …` followed by one line per field error. */
export function formatProblem(problem: Pick<ProblemDetails, 'code' | 'detail' | 'title' | 'errors'>): string {
  const lines = [`error [${problem.code}]: ${problem.detail ?? problem.title}`];
  for (const fieldError of problem.errors ?? []) lines.push(`  ${formatFieldError(fieldError)}`);
  return lines.join('\n');
}

function formatFieldError(fieldError: FieldError): string {
  return fieldError.path ? `${fieldError.path}: ${fieldError.message}` : fieldError.message;
}
