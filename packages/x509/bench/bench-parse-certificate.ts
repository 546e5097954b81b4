/*
 * Certificate reader benchmark (`npm run bench`): the hostile files of the linear-time tests, timed. The
 * tests prove linearity by counting the bytes the reader examines; this prints what that costs here.
 * Goal: a 64 KB file (the largest accepted) answered within 100 ms, a generous bound for one upload. The
 * ratio between 64 KB and 6.4 KB is printed, not judged: about 10 is linear, about 100 quadratic.
 */
import { cpus, loadavg } from 'node:os';
import { createCertificate, generateRsaKeyPair } from '../src/create-certificate';
import { MAX_CERTIFICATE_FILE_BYTES, parseCertificate } from '../src/parse-certificate';
import { hostileCertificateFiles } from '../src/test-support/hostile-files';

const GOAL_MS = 100;
const TRIALS = 7;

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

const keys = generateRsaKeyPair();
const now = Date.now();
const partnerPem = Buffer.from(
  createCertificate({
    subject: { commonName: 'partner.example', organization: 'Contoso Ltd', country: 'NL' },
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
  }).pem,
);

function parseOnce(input: Uint8Array): void {
  try {
    parseCertificate(input);
  } catch {
    // Every one of these files is refused; the refusal is what is timed.
  }
}

/** Best of several trials, per parse, so a collection or another process is not what gets measured. */
function msPerParse(input: Uint8Array, parses: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < TRIALS; trial += 1) {
    const started = performance.now();
    for (let parse = 0; parse < parses; parse += 1) parseOnce(input);
    best = Math.min(best, (performance.now() - started) / parses);
  }
  return best;
}

console.log(`Load average at start ${load()} on ${cpus().length} CPUs`);
console.log(`\nparseCertificate on hostile files (best of ${TRIALS})`);
console.log(
  `  ${'file'.padEnd(34)} ${'6.4 KB ms'.padStart(10)} ${'64 KB ms'.padStart(10)} ${'ratio'.padStart(6)}`,
);
let over = 0;
for (const [name, build] of hostileCertificateFiles(() => partnerPem)) {
  const small = build(MAX_CERTIFICATE_FILE_BYTES / 10);
  const large = build(MAX_CERTIFICATE_FILE_BYTES);
  msPerParse(small, 20);
  const smallMs = msPerParse(small, 20);
  const largeMs = msPerParse(large, 4);
  const ok = largeMs < GOAL_MS;
  if (!ok) over += 1;
  console.log(
    `  ${name.padEnd(34)} ${smallMs.toFixed(3).padStart(10)} ${largeMs.toFixed(3).padStart(10)} ${(largeMs / smallMs).toFixed(1).padStart(6)}  ${ok ? 'under' : 'OVER'} ${GOAL_MS} ms`,
  );
}
console.log(`Load average at end ${load()}`);
if (over > 0) process.exitCode = 1;
