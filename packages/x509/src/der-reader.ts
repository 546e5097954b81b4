/**
 * A minimal, strict DER reader. Certificates arrive from people's disks and clipboards, so the reader
 * never recurses on its own, reads each byte a bounded number of times, and reports where a structure
 * is damaged instead of guessing.
 */

import { examine } from './bytes-examined';

export const DER_TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed (EXPLICIT tagging, or IMPLICIT over a constructed type). */
export function contextTag(n: number): number {
  return 0xa0 | n;
}

/** Thrown by the reader; the certificate parser turns it into an X509Error the user can act on. */
export class DerError extends Error {
  constructor(
    message: string,
    /** Set when the element runs past the end of the whole input, i.e. the file was cut off. */
    readonly pastEndOfInput = false,
  ) {
    super(message);
    this.name = 'DerError';
  }
}

export interface DerElement {
  /** The identifier octet (class, constructed bit and tag number). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  readonly contentStart: number;
  /** Offset just after the content. */
  readonly end: number;
}

/** Reads the element that starts at `offset` and must end by `limit`. */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement {
  if (offset + 2 > limit) {
    throw new DerError(`an element at byte ${offset} is cut off`, limit === bytes.length);
  }
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) {
    throw new DerError(`byte ${offset} holds a multi-byte tag, which no certificate field uses`);
  }
  const first = bytes[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else if (first === 0x80) {
    throw new DerError(`the element at byte ${offset} has an indefinite length, which DER does not allow`);
  } else {
    const count = first & 0x7f;
    if (count > 4) {
      throw new DerError(`the element at byte ${offset} declares an impossible length`);
    }
    if (offset + 2 + count > limit) {
      throw new DerError(`the length of the element at byte ${offset} is cut off`, limit === bytes.length);
    }
    length = 0;
    for (let i = 0; i < count; i++) {
      length = length * 256 + bytes[offset + 2 + i]!;
    }
    contentStart = offset + 2 + count;
  }
  examine(contentStart - offset);
  const end = contentStart + length;
  if (end > limit) {
    throw new DerError(
      `the element at byte ${offset} declares ${length} bytes of content but only ${Math.max(0, limit - contentStart)} follow`,
      limit === bytes.length,
    );
  }
  return { tag, start: offset, contentStart, end };
}

/** The total size the first element claims, header included, even past the end of the input; null if unreadable. */
export function declaredSize(bytes: Uint8Array): number | null {
  const first = bytes[1];
  if (first === undefined || first === 0x80) {
    return null;
  }
  if (first < 0x80) {
    return 2 + first;
  }
  const count = first & 0x7f;
  if (count > 4 || bytes.length < 2 + count) {
    return null;
  }
  examine(2 + count);
  let length = 0;
  for (let i = 0; i < count; i++) {
    length = length * 256 + bytes[2 + i]!;
  }
  return 2 + count + length;
}

/** The elements directly inside a constructed element. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) {
    throw new DerError(`the element at byte ${parent.start} should contain other elements but is primitive`);
  }
  const children: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readElement(bytes, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function content(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.contentStart, element.end);
}

export function encoded(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.start, element.end);
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined) {
    throw new DerError(`the ${what} is missing`);
  }
  if (element.tag !== tag) {
    throw new DerError(
      `the ${what} at byte ${element.start} has tag 0x${hexByte(element.tag)} instead of 0x${hexByte(tag)}`,
    );
  }
  return element;
}

/** Dotted form, e.g. '2.5.4.3'. Arcs beyond 2^53 are kept exact with BigInt. */
export function decodeOid(bytes: Uint8Array, element: DerElement): string {
  const body = content(bytes, element);
  examine(body.length);
  if (body.length === 0 || (body[body.length - 1]! & 0x80) !== 0) {
    throw new DerError(`the object identifier at byte ${element.start} is malformed`);
  }
  const arcs: string[] = [];
  let arc = 0n;
  let first = true;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    arc = (arc << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) !== 0) {
      continue;
    }
    if (first) {
      const top = arc < 40n ? 0n : arc < 80n ? 1n : 2n;
      arcs.push(top.toString(), (arc - top * 40n).toString());
      first = false;
    } else {
      arcs.push(arc.toString());
    }
    arc = 0n;
  }
  return arcs.join('.');
}

export function isOid(bytes: Uint8Array, element: DerElement | undefined, dotted: string): boolean {
  if (element?.tag !== DER_TAG.OID) {
    return false;
  }
  try {
    return decodeOid(bytes, element) === dotted;
  } catch {
    return false;
  }
}

/** Small non-negative INTEGER values (versions); null when the element is not one. */
export function smallInteger(bytes: Uint8Array, element: DerElement | undefined): number | null {
  if (element?.tag !== DER_TAG.INTEGER) {
    return null;
  }
  const body = content(bytes, element);
  if (body.length === 0 || body.length > 4 || (body[0]! & 0x80) !== 0) {
    return null;
  }
  return body.reduce((value, byte) => value * 256 + byte, 0);
}

/** Bit length of an unsigned big-endian integer, ignoring leading zero bytes. */
export function unsignedBitLength(body: Uint8Array): number {
  examine(body.length);
  let i = 0;
  while (i < body.length && body[i] === 0) {
    i++;
  }
  if (i === body.length) {
    return 0;
  }
  return (body.length - i - 1) * 8 + (32 - Math.clz32(body[i]!));
}

/** Decodes UTCTime or GeneralizedTime as RFC 5280 profiles them (UTC, 'Z', seconds present). */
export function decodeTime(bytes: Uint8Array, element: DerElement, what: string): Date {
  const text = Buffer.from(content(bytes, element)).toString('latin1');
  examine(text.length);
  let match: RegExpExecArray | null;
  let year: number;
  if (element.tag === DER_TAG.UTC_TIME) {
    match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
    if (match === null) {
      throw new DerError(`the ${what} date '${printable(text)}' is not a valid UTCTime`);
    }
    const yy = Number(match[1]);
    // RFC 5280 4.1.2.5.1: two-digit years 50-99 are 19xx, 00-49 are 20xx.
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (element.tag === DER_TAG.GENERALIZED_TIME) {
    match = /^(\d\d\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d{1,9})?Z$/.exec(text);
    if (match === null) {
      throw new DerError(`the ${what} date '${printable(text)}' is not a valid GeneralizedTime`);
    }
    year = Number(match[1]);
  } else {
    throw new DerError(
      `the ${what} date at byte ${element.start} is neither a UTCTime nor a GeneralizedTime`,
    );
  }
  const [month, day, hour, minute, second] = [2, 3, 4, 5, 6].map((i) => Number(match[i]));
  const date = new Date(0);
  date.setUTCFullYear(year, month! - 1, day);
  date.setUTCHours(hour!, minute, second, 0);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month! - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new DerError(`the ${what} date '${printable(text)}' does not exist`);
  }
  return date;
}

export function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

export function toHex(body: Uint8Array): string {
  examine(body.length);
  return Buffer.from(body).toString('hex').toUpperCase();
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}
