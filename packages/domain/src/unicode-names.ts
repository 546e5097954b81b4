/**
 * Unicode names of the characters that are hard to tell apart on screen, so an error can say which one it
 * met: the spaces, dashes and marks that word processors substitute or that hide in copied text, and the
 * replacement character left by a broken encoding. Control characters have no Unicode name (only
 * "<control>"), so they, like anything else missing here, are shown by code point alone.
 */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0x0085, 'NEXT LINE'],
  [0x00a0, 'NO-BREAK SPACE'],
  [0x00ad, 'SOFT HYPHEN'],
  [0x034f, 'COMBINING GRAPHEME JOINER'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x1680, 'OGHAM SPACE MARK'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x2000, 'EN QUAD'],
  [0x2001, 'EM QUAD'],
  [0x2002, 'EN SPACE'],
  [0x2003, 'EM SPACE'],
  [0x2004, 'THREE-PER-EM SPACE'],
  [0x2005, 'FOUR-PER-EM SPACE'],
  [0x2006, 'SIX-PER-EM SPACE'],
  [0x2007, 'FIGURE SPACE'],
  [0x2008, 'PUNCTUATION SPACE'],
  [0x2009, 'THIN SPACE'],
  [0x200a, 'HAIR SPACE'],
  [0x2010, 'HYPHEN'],
  [0x2011, 'NON-BREAKING HYPHEN'],
  [0x2012, 'FIGURE DASH'],
  [0x2013, 'EN DASH'],
  [0x2014, 'EM DASH'],
  [0x2015, 'HORIZONTAL BAR'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
  [0x202f, 'NARROW NO-BREAK SPACE'],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE'],
  [0x2061, 'FUNCTION APPLICATION'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2063, 'INVISIBLE SEPARATOR'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x2212, 'MINUS SIGN'],
  [0x3000, 'IDEOGRAPHIC SPACE'],
  [0xfe63, 'SMALL HYPHEN-MINUS'],
  [0xff0d, 'FULLWIDTH HYPHEN-MINUS'],
  [0xff1a, 'FULLWIDTH COLON'],
  [0xfffd, 'REPLACEMENT CHARACTER'],
]);

/** A code point in the notation people look up: `U+200E`, `U+1F600`. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The Unicode name (or formal alias) of a hard-to-see character, when this table knows it. */
export function unicodeNameOf(codePoint: number): string | undefined {
  return NAMES.get(codePoint);
}

/** Letters, digits, punctuation and symbols read correctly between quotes; everything else does not. */
const PRINTABLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

/**
 * How an error names a character: `'G'` for visible ASCII, `'—' (U+2014 EM DASH)` for a visible
 * character that may pass for another, and `U+2009 THIN SPACE` or `U+0007` when it would not show at all.
 */
export function describeCharacter(codePoint: number): string {
  const name = unicodeNameOf(codePoint);
  const notation = name === undefined ? formatCodePoint(codePoint) : `${formatCodePoint(codePoint)} ${name}`;
  const character = String.fromCodePoint(codePoint);
  if (!PRINTABLE.test(character)) return notation;
  // Outside ASCII many characters pass for a digit, a letter or a separator: give the code point too.
  return codePoint < 0x80 ? `'${character}'` : `'${character}' (${notation})`;
}

/**
 * The invisible formatting characters that normalizing removes and reports, with their Unicode names.
 * Windows' certificate dialog puts U+200E before a copied thumbprint; the rest are its relatives (zero
 * widths, bidirectional marks, embeddings, overrides and isolates, the word joiner and the byte-order
 * mark), which arrive the same way from web pages, e-mail and documents.
 */
export const INVISIBLE_CHARACTER_NAMES: ReadonlyMap<number, string> = new Map([
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

/** How an error names one character (a code point, given as a string), as {@link describeCharacter}. */
export function quoteCharacter(character: string): string {
  return describeCharacter(character.codePointAt(0) ?? 0);
}
