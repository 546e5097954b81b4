/*
 * How many bytes (or characters) of certificate files the reader has looked at, over all calls. A hostile
 * file must cost time linear in its size; the tests prove it with this count, which a busy machine cannot
 * bend, and `npm run bench` times the same files (packages/x509/bench). Not exported from the package.
 */

let examined = 0;

/** Called wherever the reader passes over a stretch of its input whose length depends on the file. */
export function examine(count: number): void {
  examined += count;
}

/** Bytes examined so far; a test reads it before and after a parse. */
export function bytesExamined(): number {
  return examined;
}
