import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_FILE_BYTES, parseCertificate, type ParsedCertificate } from './parse-certificate';
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

/** Best of several trials, per parse, so a garbage collection or a busy machine does not decide the outcome. */
function timePerParse(input: Uint8Array, parses: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < 7; trial += 1) {
    const started = performance.now();
    for (let parse = 0; parse < parses; parse += 1) outcome(input);
    best = Math.min(best, (performance.now() - started) / parses);
  }
  return best;
}

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

describe('parseCertificate never throws anything but X509Error, in time linear in its input', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        outcome(bytes);
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
        const result = outcome(mutate(original, change));
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
        outcome(mutate(rsa.pem, change));
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

  const { length: pemLength } = Buffer.from('-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
  it.each([
    ['nested SEQUENCE headers', (size: number) => Buffer.alloc(size, Buffer.from([0x30, 0x80]))],
    [
      'a SEQUENCE of tiny elements',
      (size: number) => {
        const body = Math.floor((size - 5) / 2) * 2;
        const header = Buffer.from([0x30, 0x83, 0, 0, 0]);
        header.writeUIntBE(body, 2, 3);
        return Buffer.concat([header, Buffer.alloc(body, Buffer.from([5, 0]))]);
      },
    ],
    ['BEGIN lines without END', (size: number) => Buffer.alloc(size, '-----BEGIN CERTIFICATE-----\n')],
    ['BEGIN lines of unknown labels', (size: number) => Buffer.alloc(size, '-----BEGIN ')],
    [
      'empty PEM blocks',
      (size: number) =>
        Buffer.alloc(
          Math.floor(size / pemLength) * pemLength,
          '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
        ),
    ],
    [
      'real certificates',
      (size: number) =>
        Buffer.concat(Array.from({ length: Math.max(1, Math.floor(size / rsa.pem.length)) }, () => rsa.pem)),
    ],
    ['Base-64 without lines', (size: number) => Buffer.alloc(size, 'MIIB')],
    ['one long line of text', (size: number) => Buffer.alloc(size, 'x')],
  ])('on 64 KB of %s', (_, build) => {
    const large = build(MAX_CERTIFICATE_FILE_BYTES);
    const small = build(MAX_CERTIFICATE_FILE_BYTES / 10);
    expect(large.length).toBeLessThanOrEqual(MAX_CERTIFICATE_FILE_BYTES);
    expect(large.length).toBeGreaterThan(MAX_CERTIFICATE_FILE_BYTES * 0.9);
    expect(outcome(large)).toBeInstanceOf(X509Error);
    expect(outcome(small)).toBeInstanceOf(X509Error);
    // Ten times the input should take about ten times as long; quadratic work would make it about 100.
    // The bound leaves room for noise, and a shared machine gets a second and third attempt.
    let ratio = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && ratio >= 30; attempt += 1) {
      ratio = Math.min(ratio, timePerParse(large, 2) / timePerParse(small, 20));
    }
    expect(ratio).toBeLessThan(30);
  });
});
