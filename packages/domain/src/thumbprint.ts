import { z } from 'zod';
import { countCharactersRead } from './thumbprint-work';
import { INVISIBLE_CHARACTER_NAMES, formatCodePoint, quoteCharacter } from './unicode-names';

/** Why a thumbprint was refused; the API reports it as the field error's code. */
export const THUMBPRINT_ERROR_CODES = [
  'empty',
  'invalid-character',
  'wrong-length',
  'sha256-fingerprint',
  'md5-fingerprint',
] as const;

export type ThumbprintErrorCode = (typeof THUMBPRINT_ERROR_CODES)[number];

export type ThumbprintError = {
  code: ThumbprintErrorCode;
  message: string;
  /** 1-based, in code points of what was typed; only for 'invalid-character'. */
  position?: number;
};

export type RemovedCharacter = {
  /** 'U+200E' */
  codePoint: string;
  /** 'LEFT-TO-RIGHT MARK' */
  name: string;
  /** 1-based, in code points of what was typed. */
  position: number;
};

export type ThumbprintResult =
  | {
      ok: true;
      /** Canonical: 40 upper-case hexadecimal digits, as stored and compared. */
      thumbprint: string;
      /** Ten groups of four, as the procedure and the Windows certificate dialog show it. */
      display: string;
      /** Invisible characters removed, in the order they were typed. */
      removed: RemovedCharacter[];
      separatorsRemoved: number;
      prefixRemoved: boolean;
    }
  | { ok: false; error: ThumbprintError };

/**
 * Windows' certificate dialog puts U+200E before a copied thumbprint; BizTalk then finds nothing.
 * Global, for replace and matchAll; it matches exactly the characters normalizeThumbprint removes.
 */
export const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** The stored form only; what people type goes through normalizeThumbprint first. */
export const CanonicalThumbprintSchema = z
  .string()
  .regex(/^[0-9A-F]{40}$/, 'A thumbprint is stored as 40 upper-case hexadecimal digits without separators');

const THUMBPRINT_DIGITS = 40;
const SHA256_DIGITS = 64;
const MD5_DIGITS = 32;

/**
 * Separators are the characters that show as a space, a colon or a hyphen wherever thumbprints travel:
 * the Windows certificate dialog (spaces), openssl (colons), and documents and e-mail, where word
 * processors keep groups on one line with a no-break space (U+00A0, U+2007 FIGURE SPACE and U+202F
 * NARROW NO-BREAK SPACE are Unicode's three) and replace a hyphen with U+2010 HYPHEN, U+2011
 * NON-BREAKING HYPHEN or, between spaces, U+2013 EN DASH. Line breaks come from wrapped text.
 * Anything else (em dash, full-width colon, dots, commas) means something other than a thumbprint was
 * pasted, so it is refused rather than guessed at.
 */
const SEPARATORS: ReadonlySet<number> = new Set([
  0x09, // tab
  0x0a, // line feed
  0x0d, // carriage return
  0x20, // space
  0x2d, // hyphen-minus
  0x3a, // colon
  0xa0, // no-break space
  0x2007, // figure space
  0x2010, // hyphen
  0x2011, // non-breaking hyphen
  0x2013, // en dash
  0x202f, // narrow no-break space
]);

// What `openssl x509 -noout -fingerprint` prints before the digits: 'SHA1' in 1.x, 'sha1' in 3.x.
const SHA1_PREFIX = 'sha1 fingerprint=';
const SHA256_PREFIX = 'sha256 fingerprint=';
const MD5_PREFIX = 'md5 fingerprint=';

const TO_GET_A_THUMBPRINT =
  'BizTalk identifies certificates by their SHA-1 thumbprint (40 digits): copy the Thumbprint field of the certificate, or run openssl x509 -noout -fingerprint -sha1.';

const SHA256_ERROR: ThumbprintError = {
  code: 'sha256-fingerprint',
  message: `This is a SHA-256 fingerprint (64 digits). ${TO_GET_A_THUMBPRINT}`,
};

const MD5_ERROR: ThumbprintError = {
  code: 'md5-fingerprint',
  message: `This is an MD5 fingerprint (32 digits). ${TO_GET_A_THUMBPRINT}`,
};

/**
 * Reads a thumbprint as people paste it (DESIGN §4) into its canonical form, or says what is wrong.
 * One pass over the input, never throws. There is no length cap: the work is linear and at most 64
 * digits are kept, so the size of a request is left to the transport's body limit.
 */
export function normalizeThumbprint(input: string): ThumbprintResult {
  const removed: RemovedCharacter[] = [];
  let digits = '';
  let digitCount = 0;
  let separatorsRemoved = 0;
  let prefixRemoved = false;
  let position = 0;
  let index = 0;

  while (index < input.length) {
    const codePoint = input.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    countCharactersRead(width);
    position += 1;

    if (isHexDigit(codePoint)) {
      digitCount += 1;
      if (digitCount <= SHA256_DIGITS) digits += String.fromCharCode(codePoint);
    } else if (SEPARATORS.has(codePoint)) {
      separatorsRemoved += 1;
    } else if (INVISIBLE_CHARACTER_NAMES.has(codePoint)) {
      removed.push({
        codePoint: formatCodePoint(codePoint),
        name: INVISIBLE_CHARACTER_NAMES.get(codePoint) ?? '',
        position,
      });
    } else if (digitCount === 0 && !prefixRemoved && startsWithIgnoringCase(input, index, SHA1_PREFIX)) {
      // Only before the first digit: that is where openssl puts it, and the rest of its line is digits.
      prefixRemoved = true;
      index += SHA1_PREFIX.length;
      position += SHA1_PREFIX.length - 1;
      continue;
    } else if (digitCount === 0 && !prefixRemoved && startsWithIgnoringCase(input, index, SHA256_PREFIX)) {
      return { ok: false, error: SHA256_ERROR };
    } else if (digitCount === 0 && !prefixRemoved && startsWithIgnoringCase(input, index, MD5_PREFIX)) {
      return { ok: false, error: MD5_ERROR };
    } else {
      const character = input.slice(index, index + width);
      countCharactersRead(width);
      return {
        ok: false,
        error: {
          code: 'invalid-character',
          message: `${quoteCharacter(character)} at position ${position} is not a hexadecimal digit`,
          position,
        },
      };
    }
    index += width;
  }

  if (digitCount === 0) return { ok: false, error: { code: 'empty', message: 'Enter a thumbprint' } };
  if (digitCount === SHA256_DIGITS) return { ok: false, error: SHA256_ERROR };
  if (digitCount === MD5_DIGITS) return { ok: false, error: MD5_ERROR };
  if (digitCount !== THUMBPRINT_DIGITS) {
    return {
      ok: false,
      error: {
        code: 'wrong-length',
        message: `A thumbprint has ${THUMBPRINT_DIGITS} hexadecimal digits; this has ${digitCount}`,
      },
    };
  }
  const thumbprint = digits.toUpperCase();
  return {
    ok: true,
    thumbprint,
    display: formatThumbprintDisplay(thumbprint),
    removed,
    separatorsRemoved,
    prefixRemoved,
  };
}

/** True for exactly the stored form: 40 upper-case hexadecimal digits, nothing else. */
export function isCanonicalThumbprint(value: unknown): value is string {
  return typeof value === 'string' && CanonicalThumbprintSchema.safeParse(value).success;
}

/** The documented display form: ten groups of four digits separated by single spaces. */
export function formatThumbprintDisplay(canonical: string): string {
  return groups(canonical, 4).join(' ');
}

/** Colon-separated pairs, as openssl prints fingerprints. */
export function formatThumbprintColons(canonical: string): string {
  return groups(canonical, 2).join(':');
}

/**
 * The text without the invisible characters that normalizeThumbprint removes, and which they were: what
 * a thumbprint box puts in place of a paste, so that what is copied back out of it is clean.
 */
export function withoutInvisible(input: string): { text: string; removed: RemovedCharacter[] } {
  const removed: RemovedCharacter[] = [];
  let text = '';
  let position = 0;
  for (const character of input) {
    position += 1;
    const codePoint = character.codePointAt(0) ?? 0;
    const name = INVISIBLE_CHARACTER_NAMES.get(codePoint);
    if (name === undefined) text += character;
    else removed.push({ codePoint: formatCodePoint(codePoint), name, position });
  }
  return { text, removed };
}

/**
 * What normalizing removed that the person could not see, e.g. "Removed 1 invisible character:
 * U+200E LEFT-TO-RIGHT MARK"; each character is named once, in order of appearance, with a count when
 * repeated. Empty when nothing invisible was removed.
 */
export function describeRemoved(removed: readonly RemovedCharacter[]): string {
  if (removed.length === 0) return '';
  const counts = new Map<string, number>();
  for (const character of removed) {
    const label = `${character.codePoint} ${character.name}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const labels = [...counts].map(([label, count]) => (count === 1 ? label : `${count} × ${label}`));
  const noun = removed.length === 1 ? 'character' : 'characters';
  return `Removed ${removed.length} invisible ${noun}: ${labels.join(', ')}`;
}

function isHexDigit(codePoint: number): boolean {
  return (
    (codePoint >= 0x30 && codePoint <= 0x39) ||
    (codePoint >= 0x41 && codePoint <= 0x46) ||
    (codePoint >= 0x61 && codePoint <= 0x66)
  );
}

// ASCII-only case folding: toLowerCase() would turn U+212A KELVIN SIGN into 'k' and match lookalikes.
function startsWithIgnoringCase(input: string, start: number, lowerCasePrefix: string): boolean {
  if (input.length - start < lowerCasePrefix.length) return false;
  for (let offset = 0; offset < lowerCasePrefix.length; offset += 1) {
    let unit = input.charCodeAt(start + offset);
    countCharactersRead(1);
    if (unit >= 0x41 && unit <= 0x5a) unit += 0x20;
    if (unit !== lowerCasePrefix.charCodeAt(offset)) return false;
  }
  return true;
}

function groups(text: string, size: number): string[] {
  const result: string[] = [];
  for (let start = 0; start < text.length; start += size) result.push(text.slice(start, start + size));
  return result;
}
