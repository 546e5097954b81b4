import { describe, expect, it } from 'vitest';
import {
  CanonicalThumbprintSchema,
  INVISIBLE,
  describeRemoved,
  formatThumbprintColons,
  formatThumbprintDisplay,
  isCanonicalThumbprint,
  normalizeThumbprint,
  withoutInvisible,
  type ThumbprintResult,
} from './thumbprint';

// A real certificate's fingerprints, as printed by `openssl x509 -noout -fingerprint -sha1|-sha256|-md5`
// (OpenSSL 3.0 prints the algorithm in lower case, OpenSSL 1.x and `-fingerprint` alone in upper case).
const OPENSSL_SHA1 = 'sha1 Fingerprint=26:34:21:3E:95:D6:48:2E:FB:F8:FB:7E:6C:7B:8C:6B:A3:45:C4:41';
const OPENSSL_SHA1_LEGACY = 'SHA1 Fingerprint=26:34:21:3E:95:D6:48:2E:FB:F8:FB:7E:6C:7B:8C:6B:A3:45:C4:41';
const OPENSSL_SHA256 =
  'sha256 Fingerprint=85:FC:43:21:99:74:9A:47:98:64:68:74:E7:C0:74:2A:56:83:27:80:E2:0E:0A:D0:A3:F8:A0:C4:65:CB:25:B9';
const OPENSSL_MD5 = 'md5 Fingerprint=92:34:73:FD:BC:F4:B3:18:2F:BA:7A:AE:F7:F5:DB:78';

const CANONICAL = '2634213E95D6482EFBF8FB7E6C7B8C6BA345C441';
const DISPLAY = '2634 213E 95D6 482E FBF8 FB7E 6C7B 8C6B A345 C441';
const SHA256_MESSAGE =
  'This is a SHA-256 fingerprint (64 digits). BizTalk identifies certificates by their SHA-1 thumbprint (40 digits): copy the Thumbprint field of the certificate, or run openssl x509 -noout -fingerprint -sha1.';
const MD5_MESSAGE =
  'This is an MD5 fingerprint (32 digits). BizTalk identifies certificates by their SHA-1 thumbprint (40 digits): copy the Thumbprint field of the certificate, or run openssl x509 -noout -fingerprint -sha1.';

function accepted(input: string): Extract<ThumbprintResult, { ok: true }> {
  const result = normalizeThumbprint(input);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(input)} to be accepted: ${result.error.message}`);
  return result;
}

function refused(input: string): Extract<ThumbprintResult, { ok: false }>['error'] {
  const result = normalizeThumbprint(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${result.thumbprint}`);
  return result.error;
}

describe('normalizeThumbprint accepts', () => {
  it('the canonical form unchanged, with nothing reported', () => {
    expect(normalizeThumbprint(CANONICAL)).toEqual({
      ok: true,
      thumbprint: CANONICAL,
      display: DISPLAY,
      removed: [],
      separatorsRemoved: 0,
      prefixRemoved: false,
    });
  });

  it('lower case and mixed case', () => {
    expect(accepted(CANONICAL.toLowerCase()).thumbprint).toBe(CANONICAL);
    expect(accepted('2634213e95D6482efbf8FB7E6c7b8c6bA345c441').thumbprint).toBe(CANONICAL);
  });

  it('the display form the procedure documents', () => {
    const result = accepted(DISPLAY);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.separatorsRemoved).toBe(9);
  });

  it('the Windows certificate dialog, old style: lower-case pairs after a LEFT-TO-RIGHT MARK', () => {
    const result = accepted('\u200E26 34 21 3e 95 d6 48 2e fb f8 fb 7e 6c 7b 8c 6b a3 45 c4 41');
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.removed).toEqual([{ codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK', position: 1 }]);
    expect(result.separatorsRemoved).toBe(19);
    expect(describeRemoved(result.removed)).toBe('Removed 1 invisible character: U+200E LEFT-TO-RIGHT MARK');
  });

  it('the Windows certificate dialog, new style: contiguous lower case after a LEFT-TO-RIGHT MARK', () => {
    const result = accepted(`\u200E${CANONICAL.toLowerCase()}`);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.removed).toEqual([{ codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK', position: 1 }]);
  });

  it('colon-separated pairs', () => {
    const result = accepted('26:34:21:3E:95:D6:48:2E:FB:F8:FB:7E:6C:7B:8C:6B:A3:45:C4:41');
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.separatorsRemoved).toBe(19);
    expect(result.prefixRemoved).toBe(false);
  });

  it.each([
    ['space', ' '],
    ['no-break space', '\u00A0'],
    ['figure space', '\u2007'],
    ['narrow no-break space', '\u202F'],
    ['tab', '\t'],
    ['line feed', '\n'],
    ['carriage return', '\r'],
    ['colon', ':'],
    ['hyphen-minus', '-'],
    ['hyphen', '\u2010'],
    ['non-breaking hyphen', '\u2011'],
    ['en dash', '\u2013'],
  ])('%s as the separator between groups', (_name, separator) => {
    const result = accepted(DISPLAY.replaceAll(' ', separator));
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.separatorsRemoved).toBe(9);
    expect(result.removed).toEqual([]);
  });

  it('mixed separators, runs of them, CRLF, and whitespace around the thumbprint', () => {
    const result = accepted(`\t  26 34:21-3E\u00A0\u00A095\r\nD6482EFBF8FB7E6C7B8C6BA345C441 \r\n`);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.separatorsRemoved).toBe(13);
  });

  it.each([
    ['U+200B', 'ZERO WIDTH SPACE'],
    ['U+200C', 'ZERO WIDTH NON-JOINER'],
    ['U+200D', 'ZERO WIDTH JOINER'],
    ['U+200E', 'LEFT-TO-RIGHT MARK'],
    ['U+200F', 'RIGHT-TO-LEFT MARK'],
    ['U+202A', 'LEFT-TO-RIGHT EMBEDDING'],
    ['U+202B', 'RIGHT-TO-LEFT EMBEDDING'],
    ['U+202C', 'POP DIRECTIONAL FORMATTING'],
    ['U+202D', 'LEFT-TO-RIGHT OVERRIDE'],
    ['U+202E', 'RIGHT-TO-LEFT OVERRIDE'],
    ['U+2060', 'WORD JOINER'],
    ['U+2066', 'LEFT-TO-RIGHT ISOLATE'],
    ['U+2067', 'RIGHT-TO-LEFT ISOLATE'],
    ['U+2068', 'FIRST STRONG ISOLATE'],
    ['U+2069', 'POP DIRECTIONAL ISOLATE'],
    ['U+FEFF', 'ZERO WIDTH NO-BREAK SPACE'],
  ])('invisible %s %s, removed and reported with its position', (codePoint, name) => {
    const invisible = String.fromCodePoint(Number.parseInt(codePoint.slice(2), 16));
    const result = accepted(`${DISPLAY.slice(0, 5)}${invisible}${DISPLAY.slice(5)}`);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.removed).toEqual([{ codePoint, name, position: 6 }]);
    expect(result.separatorsRemoved).toBe(9);
  });

  it('several invisible characters, reported in order with their positions', () => {
    const result = accepted(`\uFEFF\u200E${CANONICAL.slice(0, 20)}\u200B${CANONICAL.slice(20)}\u202C`);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.removed).toEqual([
      { codePoint: 'U+FEFF', name: 'ZERO WIDTH NO-BREAK SPACE', position: 1 },
      { codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK', position: 2 },
      { codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', position: 23 },
      { codePoint: 'U+202C', name: 'POP DIRECTIONAL FORMATTING', position: 44 },
    ]);
  });

  it.each([
    ['OpenSSL 3', OPENSSL_SHA1],
    ['OpenSSL 1.x', OPENSSL_SHA1_LEGACY],
    ['any case', 'ShA1 fInGeRpRiNt=26:34:21:3E:95:D6:48:2E:FB:F8:FB:7E:6C:7B:8C:6B:A3:45:C4:41'],
    ['with a line break', `${OPENSSL_SHA1}\n`],
    ['with whitespace around it', `  ${OPENSSL_SHA1_LEGACY}\r\n`],
    ['followed by lower-case contiguous digits', `SHA1 Fingerprint=${CANONICAL.toLowerCase()}`],
    ['followed by a space', `SHA1 Fingerprint= ${DISPLAY}`],
  ])('the openssl prefix, %s', (_form, input) => {
    const result = accepted(input);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.prefixRemoved).toBe(true);
    expect(result.removed).toEqual([]);
  });

  it('the openssl prefix after an invisible character, counting positions from what was typed', () => {
    const result = accepted(`\u200E${OPENSSL_SHA1}\u200E`);
    expect(result.thumbprint).toBe(CANONICAL);
    expect(result.prefixRemoved).toBe(true);
    expect(result.separatorsRemoved).toBe(19);
    expect(result.removed).toEqual([
      { codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK', position: 1 },
      { codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK', position: OPENSSL_SHA1.length + 2 },
    ]);
  });
});

describe('normalizeThumbprint refuses', () => {
  it.each([
    ['nothing', ''],
    ['only separators', ' \t\r\n: - \u00A0'],
    ['only invisible characters', '\u200E\uFEFF'],
    ['the openssl prefix alone', 'SHA1 Fingerprint='],
  ])('%s: "Enter a thumbprint"', (_what, input) => {
    expect(refused(input)).toEqual({ code: 'empty', message: 'Enter a thumbprint' });
  });

  it('a letter that is not hexadecimal, naming it and its position', () => {
    expect(refused('2634 213E 95G6 482E FBF8 FB7E 6C7B 8C6B A345 C441')).toEqual({
      code: 'invalid-character',
      message: "'G' at position 13 is not a hexadecimal digit",
      position: 13,
    });
  });

  it('a control character by its code point, not raw', () => {
    expect(refused('26\u00074')).toEqual({
      code: 'invalid-character',
      message: 'U+0007 at position 3 is not a hexadecimal digit',
      position: 3,
    });
    expect(refused('\u007F')).toMatchObject({ message: 'U+007F at position 1 is not a hexadecimal digit' });
  });

  it.each([
    ['soft hyphen', 'AB\u00ADCD', 'U+00AD SOFT HYPHEN at position 3 is not a hexadecimal digit'],
    ['thin space', 'ABCD\u2009EF', 'U+2009 THIN SPACE at position 5 is not a hexadecimal digit'],
    ['ideographic space', '\u3000AB', 'U+3000 IDEOGRAPHIC SPACE at position 1 is not a hexadecimal digit'],
    ['line separator', 'AB\u2028', 'U+2028 LINE SEPARATOR at position 3 is not a hexadecimal digit'],
    ['Arabic letter mark', 'A\u061C', 'U+061C ARABIC LETTER MARK at position 2 is not a hexadecimal digit'],
    ['combining accent', 'A\u0301B', 'U+0301 at position 2 is not a hexadecimal digit'],
    ['lone surrogate', 'A\uD800B', 'U+D800 at position 2 is not a hexadecimal digit'],
    ['private-use character', '\uE000', 'U+E000 at position 1 is not a hexadecimal digit'],
  ])(
    'an invisible or blank character it does not remove (%s), by code point and name',
    (_what, input, message) => {
      expect(refused(input)).toMatchObject({ code: 'invalid-character', message });
    },
  );

  it.each([
    ['em dash', 'AB\u2014CD', "'\u2014' (U+2014 EM DASH) at position 3 is not a hexadecimal digit"],
    [
      'full-width colon',
      'AB\uFF1ACD',
      "'\uFF1A' (U+FF1A FULLWIDTH COLON) at position 3 is not a hexadecimal digit",
    ],
    ['Cyrillic A that looks like A', '\u0410B', "'\u0410' (U+0410) at position 1 is not a hexadecimal digit"],
    ['full-width digit', '\uFF11', "'\uFF11' (U+FF11) at position 1 is not a hexadecimal digit"],
  ])('a visible non-ASCII character (%s), quoted with its code point', (_what, input, message) => {
    expect(refused(input)).toMatchObject({ code: 'invalid-character', message });
  });

  it('counts positions in code points, so an emoji is one position', () => {
    expect(refused('AB\u{1F600}CD')).toEqual({
      code: 'invalid-character',
      message: "'\u{1F600}' (U+1F600) at position 3 is not a hexadecimal digit",
      position: 3,
    });
    // Quoted whole, never as half of a surrogate pair, and counted as one position after other characters.
    expect(refused('\u200E26 \u{1D400}')).toEqual({
      code: 'invalid-character',
      message: "'\u{1D400}' (U+1D400) at position 5 is not a hexadecimal digit",
      position: 5,
    });
    expect(refused('A\u{10FFFF}')).toMatchObject({
      message: 'U+10FFFF at position 2 is not a hexadecimal digit',
    });
  });

  it('reports the first offending character, before counting digits', () => {
    expect(refused('0x2634213E95D6482EFBF8FB7E6C7B8C6BA345C441')).toEqual({
      code: 'invalid-character',
      message: "'x' at position 2 is not a hexadecimal digit",
      position: 2,
    });
    expect(refused(`${CANONICAL}.`)).toMatchObject({
      message: "'.' at position 41 is not a hexadecimal digit",
    });
  });

  it('a second openssl prefix, or one after digits', () => {
    expect(refused(`SHA1 Fingerprint=${OPENSSL_SHA1}`)).toMatchObject({
      message: "'s' at position 18 is not a hexadecimal digit",
      position: 18,
    });
    expect(refused(`26 SHA1 Fingerprint=34`)).toMatchObject({ position: 4 });
    expect(refused('SHA1 Fingerprint =26')).toMatchObject({
      message: "'S' at position 1 is not a hexadecimal digit",
    });
  });

  it.each([
    [39, CANONICAL.slice(0, 39)],
    [41, `${CANONICAL}0`],
    [1, 'a'],
    [20, DISPLAY.slice(0, 24)],
    [80, `${CANONICAL} ${CANONICAL}`],
  ])('the wrong number of digits (%i)', (count, input) => {
    expect(refused(input)).toEqual({
      code: 'wrong-length',
      message: `A thumbprint has 40 hexadecimal digits; this has ${count}`,
    });
  });

  it('a SHA-256 fingerprint, telling how to get the SHA-1 thumbprint', () => {
    const sha256 = OPENSSL_SHA256.slice('sha256 Fingerprint='.length);
    expect(refused(sha256)).toEqual({ code: 'sha256-fingerprint', message: SHA256_MESSAGE });
    expect(refused(sha256.replaceAll(':', '').toLowerCase())).toEqual({
      code: 'sha256-fingerprint',
      message: SHA256_MESSAGE,
    });
    expect(refused(OPENSSL_SHA256)).toEqual({ code: 'sha256-fingerprint', message: SHA256_MESSAGE });
    expect(refused(`\u200E SHA256 FINGERPRINT=${sha256}`)).toEqual({
      code: 'sha256-fingerprint',
      message: SHA256_MESSAGE,
    });
  });

  it('an MD5 fingerprint, telling how to get the SHA-1 thumbprint', () => {
    const md5 = OPENSSL_MD5.slice('md5 Fingerprint='.length);
    expect(refused(md5)).toEqual({ code: 'md5-fingerprint', message: MD5_MESSAGE });
    expect(refused(OPENSSL_MD5)).toEqual({ code: 'md5-fingerprint', message: MD5_MESSAGE });
    expect(refused('MD5 Fingerprint=92:34')).toEqual({ code: 'md5-fingerprint', message: MD5_MESSAGE });
  });
});

describe('thumbprint display forms', () => {
  it('formats ten groups of four and colon pairs exactly as the procedure and openssl show them', () => {
    expect(formatThumbprintDisplay(CANONICAL)).toBe(DISPLAY);
    expect(formatThumbprintColons(CANONICAL)).toBe(OPENSSL_SHA1.slice('sha1 Fingerprint='.length));
  });

  it('recognizes only the canonical form', () => {
    expect(isCanonicalThumbprint(CANONICAL)).toBe(true);
    expect(isCanonicalThumbprint(CANONICAL.toLowerCase())).toBe(false);
    expect(isCanonicalThumbprint(DISPLAY)).toBe(false);
    expect(isCanonicalThumbprint(`${CANONICAL}\n`)).toBe(false);
    expect(isCanonicalThumbprint(CANONICAL.slice(1))).toBe(false);
    expect(isCanonicalThumbprint(40)).toBe(false);
    expect(CanonicalThumbprintSchema.safeParse(CANONICAL).success).toBe(true);
    expect(CanonicalThumbprintSchema.safeParse(`\u200E${CANONICAL}`).success).toBe(false);
  });
});

describe('describeRemoved', () => {
  it('names each removed character, once, with a count when repeated', () => {
    expect(describeRemoved([])).toBe('');
    expect(accepted(`\u200E${CANONICAL}\uFEFF`).removed).toHaveLength(2);
    expect(describeRemoved(accepted(`\u200E${CANONICAL}\uFEFF`).removed)).toBe(
      'Removed 2 invisible characters: U+200E LEFT-TO-RIGHT MARK, U+FEFF ZERO WIDTH NO-BREAK SPACE',
    );
    expect(describeRemoved(accepted(`\u200E${DISPLAY.replaceAll(' ', '\u200E ')}\u200B`).removed)).toBe(
      'Removed 11 invisible characters: 10 × U+200E LEFT-TO-RIGHT MARK, U+200B ZERO WIDTH SPACE',
    );
  });
});

describe('INVISIBLE', () => {
  it('matches exactly the characters the normalizer removes and reports', () => {
    const everyBmpCharacter = Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit)).join(
      '',
    );
    const matched = [...everyBmpCharacter.matchAll(INVISIBLE)].map((match) => match[0]);
    const removed = matched.map((character) => accepted(`${character}${CANONICAL}`).removed[0]?.codePoint);
    expect(removed).toEqual(
      matched.map((character) => `U+${character.charCodeAt(0).toString(16).toUpperCase()}`),
    );
    expect(matched).toHaveLength(16);
  });
});

describe('withoutInvisible', () => {
  it('takes out exactly what normalizeThumbprint removes as invisible, and names it', () => {
    const pasted = '\u200E1a 2b\uFEFF 3c';
    const cleaned = withoutInvisible(pasted);
    expect(cleaned.text).toBe('1a 2b 3c');
    const normalized = normalizeThumbprint(`${pasted}${'0'.repeat(34)}`);
    expect(normalized.ok && normalized.removed).toEqual(cleaned.removed);
    expect(describeRemoved(cleaned.removed)).toBe(
      'Removed 2 invisible characters: U+200E LEFT-TO-RIGHT MARK, U+FEFF ZERO WIDTH NO-BREAK SPACE',
    );
    expect(withoutInvisible('1A2B')).toEqual({ text: '1A2B', removed: [] });
  });
});
