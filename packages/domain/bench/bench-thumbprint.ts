/*
 * Thumbprint normalizer benchmark (`npm run bench`): the hostile inputs of the linear-time tests, timed.
 * The tests prove linearity by counting the characters read; this prints what that costs on this machine.
 * Goal: 100,000 pasted characters answered within 250 ms, a generous bound: the console runs it on every
 * keystroke. The ratio is printed, not judged: one removed-character record per invisible character makes
 * the garbage collector's share grow faster than the input, which counting characters does not see.
 */
import { cpus, loadavg } from 'node:os';
import { HOSTILE_THUMBPRINT_INPUTS } from '../src/test-support/hostile-thumbprints';
import { normalizeThumbprint } from '../src/thumbprint';

const SMALL = 10_000;
const LARGE = 100_000;
const GOAL_LARGE_MS = 250;
const TRIALS = 9;

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/** Best of several trials, per call, so a collection or another process is not what gets measured. */
function msPerCall(input: string, calls: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < TRIALS; trial += 1) {
    const started = performance.now();
    for (let call = 0; call < calls; call += 1) normalizeThumbprint(input);
    best = Math.min(best, (performance.now() - started) / calls);
  }
  return best;
}

console.log(`Load average at start ${load()} on ${cpus().length} CPUs`);
console.log(`\nnormalizeThumbprint on hostile input (best of ${TRIALS})`);
console.log(
  `  ${'input'.padEnd(52)} ${'10k chars ms'.padStart(12)} ${'100k chars ms'.padStart(13)} ${'ratio'.padStart(6)}`,
);
let over = 0;
for (const [name, build] of HOSTILE_THUMBPRINT_INPUTS) {
  const small = build(SMALL);
  const large = build(LARGE);
  msPerCall(small, 20);
  msPerCall(large, 2);
  const smallMs = msPerCall(small, 20);
  const largeMs = msPerCall(large, 4);
  const ratio = largeMs / smallMs;
  const ok = largeMs < GOAL_LARGE_MS;
  if (!ok) over += 1;
  console.log(
    `  ${name.padEnd(52)} ${smallMs.toFixed(3).padStart(12)} ${largeMs.toFixed(3).padStart(13)} ${ratio.toFixed(1).padStart(6)}  ${ok ? 'under' : 'OVER'} ${GOAL_LARGE_MS} ms`,
  );
}
console.log(`Load average at end ${load()}`);
if (over > 0) process.exitCode = 1;
