import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_FILE_BYTES, parseCertificate, type ParsedCertificate } from './parse-certificate';
import { bytesExamined } from './bytes-examined';
import { hostileCertificateFiles } from './test-support/hostile-files';
import { createOpensslLab, type OpensslCertificate, type OpensslLab } from './test-support/openssl';
import { X509Error } from './x509-error';

let lab: OpensslLab;
let rsa: OpensslCertificate;
let ec: OpensslCertificate;

beforeAll(() => {
  lab = createOpensslLab();
  lab.key('rsa', 'rsa');
  lab.key('ec', 'ec');
  rsa = lab.selfSigned('rsa', {
    keyName: 'rsa',
    subject: '/C=NL/O=Contoso Ltd/CN=partner.example',
    extensions: ['keyUsage=keyEncipherment', 'extendedKeyUsage=emailProtection'],
  });
  ec = lab.selfSigned('ec', { keyName: 'ec', subject: '/O=Ærø/CN=Zoë Müller 東京' });
});

afterAll(() => lab.cleanup());

/** Parses and reports the outcome; fails the test on any other exception. */
function outcome(input: Uint8Array): ParsedCertificate | X509Error {
  let result: ParsedCertificate | X509Error;
  try {
    result = parseCertificate(input);
  } catch (error) {
    if (!(error instanceof X509Error)) {
      throw new Error(`threw ${String(error)} instead of an X509Error`, { cause: error });
    }
    expect(error.message.length).toBeGreaterThan(20);
    result = error;
  }
  return result;
}

/** Bytes of the input the reader examined to answer once. */
function examinedFor(input: Uint8Array): number {
  const before = bytesExamined();
  outcome(input);
  return bytesExamined() - before;
}

/**
 * A handful of passes over the file (decoding the text, finding the blocks, decoding Base-64, reading DER),
 * plus the fixed work of a certificate or two described in a refusal.
 */
const PASSES = 8;
const FIXED_WORK = 16_384;

const mutations = fc.record({
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
  truncateAt: fc.option(fc.nat()),
  insertAt: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }))),
});

type Mutation = typeof mutations extends fc.Arbitrary<infer T> ? T : never;

function mutate(original: Uint8Array, change: Mutation): Uint8Array {
  let bytes = Uint8Array.from(original);
  for (const [position, value] of change.flips) {
    bytes[position % bytes.length] = value;
  }
  if (change.insertAt !== null) {
    const at = change.insertAt[0] % bytes.length;
    bytes = Uint8Array.from([...bytes.subarray(0, at), ...change.insertAt[1], ...bytes.subarray(at)]);
  }
  if (change.truncateAt !== null) {
    bytes = bytes.subarray(0, change.truncateAt % bytes.length);
  }
  return bytes;
}

/*
 * Linear time is proven by counting the bytes the reader examines rather than with a stopwatch, so a busy
 * machine cannot decide the outcome. `npm run bench` times the same files (packages/x509/bench).
 */
describe('parseCertificate never throws anything but X509Error, in time linear in its input', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(examinedFor(bytes)).toBeLessThanOrEqual(PASSES * bytes.length + FIXED_WORK);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes that start like DER', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(0x30, 0x31, 0x02), (bytes, tag) => {
        outcome(Uint8Array.from([tag, ...bytes]));
      }),
      { numRuns: 500 },
    );
  });

  it('on damaged real DER certificates (changed bytes, insertions, truncations)', () => {
    fc.assert(
      fc.property(fc.constantFrom('rsa', 'ec'), mutations, (name, change) => {
        const original = name === 'rsa' ? rsa.der : ec.der;
        const damaged = mutate(original, change);
        expect(examinedFor(damaged)).toBeLessThanOrEqual(PASSES * damaged.length + FIXED_WORK);
        const result = outcome(damaged);
        if (!(result instanceof X509Error)) {
          // A change can land in the signature or a value and still leave a well-formed certificate.
          expect(result.der.length).toBeGreaterThan(0);
          expect(result.thumbprint).toMatch(/^[0-9A-F]{40}$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('on damaged PEM text', () => {
    fc.assert(
      fc.property(mutations, (change) => {
        const damaged = mutate(rsa.pem, change);
        expect(examinedFor(damaged)).toBeLessThanOrEqual(PASSES * damaged.length + FIXED_WORK);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same certificate whatever text precedes the PEM block', () => {
    const thumbprint = parseCertificate(rsa.der).thumbprint;
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }).filter((text) => !text.includes('-----BEGIN ')),
        (preamble) => {
          const result = outcome(Buffer.concat([Buffer.from(`${preamble}\n`, 'utf8'), rsa.pem]));
          expect(result).not.toBeInstanceOf(X509Error);
          expect((result as ParsedCertificate).thumbprint).toBe(thumbprint);
        },
      ),
    );
  });

  it.each(hostileCertificateFiles(() => rsa.pem))(
    'on 64 KB of %s, reading ten times as much as on 6.4 KB',
    (_, build) => {
      const large = build(MAX_CERTIFICATE_FILE_BYTES);
      const small = build(MAX_CERTIFICATE_FILE_BYTES / 10);
      expect(large.length).toBeLessThanOrEqual(MAX_CERTIFICATE_FILE_BYTES);
      expect(large.length).toBeGreaterThan(MAX_CERTIFICATE_FILE_BYTES * 0.9);
      expect(outcome(large)).toBeInstanceOf(X509Error);
      expect(outcome(small)).toBeInstanceOf(X509Error);
      // Ten times the input takes about ten times the reading; quadratic work would make it about 100.
      const examinedLarge = examinedFor(large);
      const examinedSmall = examinedFor(small);
      expect(examinedLarge).toBeLessThanOrEqual(PASSES * large.length);
      expect(examinedLarge / examinedSmall).toBeLessThan(12);
    },
  );
});
