import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { CERTIFICATE_HEALTHS } from './certificates';
import { SEND_PORT_KINDS, SendPortListSchema, parseSendPortList } from './send-ports';
import { SEND_PORT_STATUSES } from '../send-port-state';

const row = {
  name: 'Contoso.SP.Orders',
  application: 'Contoso',
  status: 'Started',
  kind: 'Static One-way',
  transportType: 'HTTP',
  uri: 'https://partner.example/inbound',
  sendHandler: 'BizTalkServerApplication',
  certificate: {
    thumbprint: 'A'.repeat(40),
    commonName: 'Contoso AS2 Encryption',
    notAfter: '2027-02-28T23:59:59.000Z',
    health: 'valid',
  },
};

/** Valid values, and the near misses a hand-written check could let through. */
const anything = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constantFrom(...SEND_PORT_STATUSES, ...SEND_PORT_KINDS, ...CERTIFICATE_HEALTHS, 'started', 'OK', ''),
  fc.constantFrom('a'.repeat(40), 'A'.repeat(39), `${'A'.repeat(40)}\n`, 'G'.repeat(40), '0'.repeat(64)),
  fc.constantFrom(
    '2026-02-29T00:00:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '2026-12-03T24:00:00.000Z',
    '2026-12-03T10:00:00Z',
    '2026-12-03T10:00:00.000+01:00',
    '2026-13-03T10:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '2026-12-03T10:00:00.000Z\u0000',
    '\uD800',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

/** A row from `row`, each member kept, replaced by any value, or left out, and members added. */
const mutatedRow = fc
  .record({
    top: fc.dictionary(
      fc.constantFrom(...Object.keys(row), 'extra'),
      fc.option(anything, { nil: undefined }),
    ),
    certificate: fc.oneof(
      fc.constant(null),
      fc.constant(row.certificate),
      fc
        .dictionary(
          fc.constantFrom(...Object.keys(row.certificate), 'extra'),
          fc.option(anything, { nil: undefined }),
        )
        .map((changes) => ({ ...row.certificate, ...changes })),
      anything,
    ),
    drop: fc.subarray(Object.keys(row)),
  })
  .map(({ top, certificate, drop }) => {
    const result: Record<string, unknown> = { ...row, certificate, ...top };
    for (const key of drop) delete result[key];
    return result;
  });

describe('parseSendPortList', () => {
  it('answers as SendPortListSchema does, for every answer, valid or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ items: fc.array(mutatedRow, { maxLength: 4 }), total: fc.oneof(fc.nat(), anything) }),
          fc.record({ items: fc.array(fc.constant(row), { maxLength: 3 }), total: fc.nat() }),
          anything,
        ),
        (answer) => {
          const expected = SendPortListSchema.safeParse(answer);
          let actual: unknown;
          try {
            actual = parseSendPortList(answer);
          } catch (error) {
            expect(expected.success).toBe(false);
            expect(error).toBeInstanceOf(ZodError);
            expect((error as ZodError).issues).toEqual(expected.error?.issues);
            return;
          }
          expect(expected.success).toBe(true);
          expect(actual).toStrictEqual(expected.data);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('refuses a malformed answer with the schema’s error', () => {
    const malformed = [
      { items: [{ ...row, status: 'Running' }], total: 1 },
      { items: [{ ...row, certificate: { ...row.certificate, thumbprint: 'a'.repeat(40) } }], total: 1 },
      {
        items: [{ ...row, certificate: { ...row.certificate, notAfter: '2026-02-29T00:00:00.000Z' } }],
        total: 1,
      },
      { items: [{ ...row, name: undefined }], total: 1 },
      { items: [row], total: -1 },
      { items: {}, total: 0 },
      null,
    ];
    for (const answer of malformed) expect(() => parseSendPortList(answer)).toThrow(ZodError);
  });

  it('reads a valid page without members the contract does not name', () => {
    const page = parseSendPortList({
      items: [
        { ...row, secret: 'x', certificate: { ...row.certificate, secret: 'y' } },
        { ...row, certificate: null },
      ],
      total: 10_000,
    });
    expect(page).toStrictEqual({ items: [row, { ...row, certificate: null }], total: 10_000 });
  });
});
