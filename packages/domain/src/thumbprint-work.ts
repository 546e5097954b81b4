/*
 * How many characters of pasted thumbprints normalizeThumbprint has read, over all calls. Its tests prove
 * with this count that the work is linear in the input, which a stopwatch cannot prove on a busy machine;
 * the benchmark (`npm run bench`) times it. Not exported from the package: nothing else needs it.
 */

let charactersRead = 0;

/** Called by the normalizer for every stretch of the input it reads. */
export function countCharactersRead(count: number): void {
  charactersRead += count;
}

/** Characters read so far; a test reads it before and after a call. */
export function thumbprintCharactersRead(): number {
  return charactersRead;
}
