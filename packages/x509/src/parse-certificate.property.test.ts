import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_FILE_BYTES, parseCertificate, type ParsedCertificate } from './parse-certificate';
import { createOpensslLab, type OpensslCertificate, type OpensslLab } from './test-support/openssl';
import { X509Error } from './x509-error';

/** Generous enough for a loaded CI machine; a quadratic path on 64 KB would take seconds. */
const FAST_MS = 250;

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

/** Parses and reports the outcome; fails the test on any other exception or a slow parse. */
function outcome(input: Uint8Array): ParsedCertificate | X509Error {
  const started = performance.now();
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
  expect(performance.now() - started).toBeLessThan(FAST_MS);
  return result;
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

describe('parseCertificate never throws anything but X509Error, and is fast', () => {
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

  it.each([
    ['nested SEQUENCE headers', () => Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES, Buffer.from([0x30, 0x80]))],
    [
      'a SEQUENCE of 16,000 tiny elements',
      () =>
        Buffer.concat([
          Buffer.from([0x30, 0x83, 0x00, 0xfa, 0x00]),
          Buffer.alloc(64_000, Buffer.from([5, 0])),
        ]),
    ],
    [
      'BEGIN lines without END',
      () => Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES, '-----BEGIN CERTIFICATE-----\n'),
    ],
    ['BEGIN lines of unknown labels', () => Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES, '-----BEGIN ')],
    [
      'a thousand empty PEM blocks',
      () =>
        Buffer.alloc(
          MAX_CERTIFICATE_FILE_BYTES,
          '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
        ),
    ],
    [
      'fifty real certificates',
      () =>
        Buffer.concat(
          Array.from({ length: Math.floor(MAX_CERTIFICATE_FILE_BYTES / rsa.pem.length) }, () => rsa.pem),
        ),
    ],
    ['Base-64 without lines', () => Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES, 'MIIB')],
    ['one long line of text', () => Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES, 'x')],
  ])('on 64 KB of %s', (_, build) => {
    const input = build();
    expect(input.length).toBeLessThanOrEqual(MAX_CERTIFICATE_FILE_BYTES);
    expect(outcome(input)).toBeInstanceOf(X509Error);
  });
});
