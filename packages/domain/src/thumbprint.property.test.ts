import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  THUMBPRINT_ERROR_CODES,
  formatThumbprintColons,
  formatThumbprintDisplay,
  isCanonicalThumbprint,
  normalizeThumbprint,
  type RemovedCharacter,
} from './thumbprint';
import { HOSTILE_THUMBPRINT_INPUTS } from './test-support/hostile-thumbprints';
import { thumbprintCharactersRead } from './thumbprint-work';

const SEPARATORS = [
  ' ',
  '\u00A0',
  '\u2007',
  '\u202F',
  '\t',
  '\n',
  '\r',
  ':',
  '-',
  '\u2010',
  '\u2011',
  '\u2013',
];
const INVISIBLES: Array<[string, string]> = [
  ['\u200B', 'ZERO WIDTH SPACE'],
  ['\u200C', 'ZERO WIDTH NON-JOINER'],
  ['\u200D', 'ZERO WIDTH JOINER'],
  ['\u200E', 'LEFT-TO-RIGHT MARK'],
  ['\u200F', 'RIGHT-TO-LEFT MARK'],
  ['\u202A', 'LEFT-TO-RIGHT EMBEDDING'],
  ['\u202B', 'RIGHT-TO-LEFT EMBEDDING'],
  ['\u202C', 'POP DIRECTIONAL FORMATTING'],
  ['\u202D', 'LEFT-TO-RIGHT OVERRIDE'],
  ['\u202E', 'RIGHT-TO-LEFT OVERRIDE'],
  ['\u2060', 'WORD JOINER'],
  ['\u2066', 'LEFT-TO-RIGHT ISOLATE'],
  ['\u2067', 'RIGHT-TO-LEFT ISOLATE'],
  ['\u2068', 'FIRST STRONG ISOLATE'],
  ['\u2069', 'POP DIRECTIONAL ISOLATE'],
  ['\uFEFF', 'ZERO WIDTH NO-BREAK SPACE'],
];

const canonicalThumbprint = fc
  .array(fc.constantFrom(...'0123456789ABCDEF'), { minLength: 40, maxLength: 40 })
  .map((digits) => digits.join(''));

type Filler = { kind: 'separator' | 'invisible'; character: string; name?: string };
const filler: fc.Arbitrary<Filler> = fc.oneof(
  fc.constantFrom(...SEPARATORS).map((character): Filler => ({ kind: 'separator', character })),
  fc.constantFrom(...INVISIBLES).map(([character, name]): Filler => ({ kind: 'invisible', character, name })),
);
const fillers = fc.array(filler, { maxLength: 3 });
const randomCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

/** A canonical thumbprint as it might arrive: any case, separators and invisibles anywhere, maybe openssl's prefix. */
const pastedThumbprint = canonicalThumbprint.chain((canonical) =>
  fc
    .record({
      digits: randomCase(canonical),
      between: fc.array(fillers, { minLength: 41, maxLength: 41 }),
      prefix: fc.option(randomCase('sha1 fingerprint='), { nil: undefined }),
    })
    .map(({ digits, between, prefix }) => {
      let input = '';
      let separators = 0;
      const removed: RemovedCharacter[] = [];
      const add = (run: Filler[]) => {
        for (const { kind, character, name } of run) {
          input += character;
          if (kind === 'separator') separators += 1;
          else
            removed.push({
              codePoint: `U+${character.charCodeAt(0).toString(16).toUpperCase()}`,
              name: name ?? '',
              position: input.length,
            });
        }
      };
      add(between[0] ?? []);
      if (prefix !== undefined) input += prefix;
      [...digits].forEach((digit, i) => {
        input += digit;
        add(between[i + 1] ?? []);
      });
      return { canonical, input, separators, removed, prefix: prefix !== undefined };
    }),
);

// The rules of DESIGN §4 written a second way, as whole-string regular expressions, to check the scanner
// against. No 'u' flag: like the scanner, case-insensitivity then stays within ASCII.
const FILLER =
  '[\\t\\n\\r :\\-\\u00A0\\u2007\\u2010\\u2011\\u2013\\u202F\\u200B-\\u200F\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF]';
const OTHER_FINGERPRINT = new RegExp(`^${FILLER}*(sha256|md5) fingerprint=`, 'i');
const WELL_FORMED = new RegExp(`^${FILLER}*(sha1 fingerprint=)?((?:${FILLER}|[0-9a-f])*)$`, 'i');

function expectedOutcome(input: string): { code: string; thumbprint?: string } {
  const other = OTHER_FINGERPRINT.exec(input);
  if (other) return { code: other[1]?.toLowerCase() === 'md5' ? 'md5-fingerprint' : 'sha256-fingerprint' };
  const match = WELL_FORMED.exec(input);
  if (!match) return { code: 'invalid-character' };
  const digits = (match[2] ?? '').replace(/[^0-9a-f]/gi, '');
  if (digits.length === 0) return { code: 'empty' };
  if (digits.length === 64) return { code: 'sha256-fingerprint' };
  if (digits.length === 32) return { code: 'md5-fingerprint' };
  if (digits.length !== 40) return { code: 'wrong-length' };
  return { code: 'ok', thumbprint: digits.toUpperCase() };
}

// Inputs near the edge of what is accepted: the pieces of real thumbprints, and what gets mixed in.
const nearThumbprint = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'0123456789abcdefABCDEF') },
      { weight: 3, arbitrary: fc.constantFrom(...SEPARATORS, ...INVISIBLES.map(([character]) => character)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'SHA1 Fingerprint=',
          'sha1 fingerprint=',
          'SHA256 Fingerprint=',
          'md5 Fingerprint=',
          'sha1 Fingerprint =',
          'G',
          'x',
          '\u0007',
          '\u2014',
          '\u00AD',
          '\u{1F600}',
          '\uD800',
          '\u212A',
          '\u0301',
        ),
      },
    ),
    { maxLength: 90 },
  )
  .map((pieces) => pieces.join(''));

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10_000, size: 'max' }),
  fc.string({ unit: 'grapheme', maxLength: 10_000, size: 'max' }),
  // Every UTF-16 unit, lone surrogates included: what a broken clipboard or a hostile client may send.
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10_000, size: 'max' })
    .map((units) => units.map((unit) => String.fromCharCode(unit)).join('')),
  nearThumbprint,
);

describe('normalizeThumbprint properties (DESIGN §4)', () => {
  it('is idempotent: the canonical result normalizes to itself, with nothing to report', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          pastedThumbprint.map((pasted) => pasted.input),
          nearThumbprint,
        ),
        (input) => {
          const first = normalizeThumbprint(input);
          if (!first.ok) return;
          expect(normalizeThumbprint(first.thumbprint)).toEqual({
            ok: true,
            thumbprint: first.thumbprint,
            display: first.display,
            removed: [],
            separatorsRemoved: 0,
            prefixRemoved: false,
          });
          expect(normalizeThumbprint(first.display)).toMatchObject({
            ok: true,
            thumbprint: first.thumbprint,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads every display form of a canonical thumbprint back to it', () => {
    const forms: Array<[string, (canonical: string) => string]> = [
      ['canonical', (t) => t],
      ['spaced groups of four', formatThumbprintDisplay],
      ['colon pairs', formatThumbprintColons],
      ['lower case', (t) => t.toLowerCase()],
      ['spaced lower-case pairs', (t) => formatThumbprintColons(t).replaceAll(':', ' ').toLowerCase()],
      ['hyphenated groups', (t) => formatThumbprintDisplay(t).replaceAll(' ', '-')],
      ['openssl 3 line', (t) => `sha1 Fingerprint=${formatThumbprintColons(t)}\n`],
      ['openssl 1.x line', (t) => `SHA1 Fingerprint=${formatThumbprintColons(t)}`],
      ['Windows dialog copy', (t) => `\u200E${t.toLowerCase()}`],
    ];
    fc.assert(
      fc.property(canonicalThumbprint, fc.constantFrom(...forms), (canonical, [, format]) => {
        expect(normalizeThumbprint(format(canonical))).toMatchObject({
          ok: true,
          thumbprint: canonical,
          display: formatThumbprintDisplay(canonical),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('reads a canonical thumbprint back through any case, separators, invisible characters and prefix, reporting each', () => {
    fc.assert(
      fc.property(pastedThumbprint, ({ canonical, input, separators, removed, prefix }) => {
        expect(normalizeThumbprint(input)).toEqual({
          ok: true,
          thumbprint: canonical,
          display: formatThumbprintDisplay(canonical),
          removed,
          separatorsRemoved: separators,
          prefixRemoved: prefix,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the rules written as regular expressions', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nearThumbprint,
          pastedThumbprint.map((pasted) => pasted.input),
        ),
        (input) => {
          const result = normalizeThumbprint(input);
          const expected = expectedOutcome(input);
          if (result.ok) expect({ code: 'ok', thumbprint: result.thumbprint }).toEqual(expected);
          else expect(result.error.code).toBe(expected.code);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws, on any string up to 10,000 characters, and always answers in the documented shape', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        const result = normalizeThumbprint(input);
        const characters = [...input];
        if (result.ok) {
          expect(isCanonicalThumbprint(result.thumbprint)).toBe(true);
          for (const removed of result.removed) {
            const character = characters[removed.position - 1] ?? '';
            expect(removed.codePoint).toBe(`U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase()}`);
          }
          return;
        }
        expect(THUMBPRINT_ERROR_CODES).toContain(result.error.code);
        expect(result.error.message.length).toBeGreaterThan(0);
        if (result.error.code === 'invalid-character') {
          const position = result.error.position ?? 0;
          expect(position).toBeGreaterThanOrEqual(1);
          expect(position).toBeLessThanOrEqual(characters.length);
          expect(result.error.message).toMatch(
            new RegExp(` at position ${position} is not a hexadecimal digit$`),
          );
          // Everything before the offending character is acceptable on its own.
          expect(WELL_FORMED.test(characters.slice(0, position - 1).join(''))).toBe(true);
          expect(characters[position - 1]).not.toMatch(new RegExp(`^(${FILLER}|[0-9a-f])$`, 'i'));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** Characters of the input the normalizer read to answer once. */
function charactersReadFor(input: string): number {
  const before = thumbprintCharactersRead();
  normalizeThumbprint(input);
  return thumbprintCharactersRead() - before;
}

/** Besides one look at each character, the prefixes it tries (openssl's SHA1, SHA256 and MD5) at one place. */
const PREFIX_PROBES = 'sha1 fingerprint='.length + 'sha256 fingerprint='.length + 'md5 fingerprint='.length;

/*
 * Linear time, proven by counting what the normalizer reads rather than with a stopwatch, so a busy
 * machine cannot decide the outcome. `npm run bench` times the same inputs (packages/domain/bench).
 */
describe('normalizeThumbprint runs in linear time', () => {
  it.each(HOSTILE_THUMBPRINT_INPUTS)(
    '%s: ten times the input takes ten times the reading',
    (_name, build) => {
      const small = build(10_000);
      const large = build(100_000);
      const readSmall = charactersReadFor(small);
      const readLarge = charactersReadFor(large);
      // Quadratic work would read about 100 times as much; each character is read once, and nothing twice
      // but the few characters where a prefix is tried.
      expect(readLarge).toBeLessThanOrEqual(large.length + PREFIX_PROBES);
      expect(readSmall).toBeLessThanOrEqual(small.length + PREFIX_PROBES);
      expect(readLarge / readSmall).toBeGreaterThan(9);
      expect(readLarge / readSmall).toBeLessThan(11);
    },
  );

  it('reads no character twice, on any string up to 10,000 characters', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        expect(charactersReadFor(input)).toBeLessThanOrEqual(input.length + PREFIX_PROBES);
      }),
      { numRuns: 150 },
    );
  });
});
