import { examine } from './bytes-examined';
import { X509Error } from './x509-error';

export interface PemBlock {
  /** What follows `-----BEGIN `, e.g. 'CERTIFICATE', 'RSA PRIVATE KEY'. */
  label: string;
  body: string;
  /** Offset of the BEGIN line in the text, to name line numbers in messages. */
  offset: number;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
/** Longer labels exist nowhere; the cap keeps the scan linear on hostile input. */
const MAX_LABEL_LENGTH = 64;

/**
 * Bytes to text for PEM scanning. Windows tools save PEM with a UTF-8 byte order mark, and PowerShell's
 * `Out-File` writes UTF-16; all three must read the same.
 */
export function decodePemText(bytes: Uint8Array): string {
  examine(bytes.length);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return buffer.subarray(3).toString('latin1');
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)).toString('utf16le');
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  // Latin-1 maps each byte to one character, so offsets stay byte offsets and nothing can fail to decode.
  return buffer.toString('latin1');
}

export function containsPem(text: string): boolean {
  const at = text.indexOf(BEGIN);
  examine(at < 0 ? text.length : at + BEGIN.length);
  return at >= 0;
}

/** Every BEGIN/END block, in order. Text around the blocks (openssl's "Bag Attributes") is ignored. */
export function readPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let from = 0;
  for (;;) {
    const offset = text.indexOf(BEGIN, from);
    if (offset < 0) {
      examine(text.length - from);
      return blocks;
    }
    const labelStart = offset + BEGIN.length;
    examine(labelStart - from + MAX_LABEL_LENGTH + DASHES.length);
    const labelEnd = text.slice(labelStart, labelStart + MAX_LABEL_LENGTH + DASHES.length).indexOf(DASHES);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelStart + labelEnd);
    if (label === '' || !/^[A-Z0-9 #-]+$/.test(label)) {
      throw new X509Error(
        'not-a-certificate',
        `The line that starts '-----BEGIN' on line ${lineOf(text, offset)} is damaged. Export the certificate again as "Base-64 encoded X.509 (.CER)".`,
      );
    }
    const bodyStart = labelStart + label.length + DASHES.length;
    const footer = `-----END ${label}-----`;
    const footerAt = text.indexOf(footer, bodyStart);
    examine((footerAt < 0 ? text.length : footerAt + footer.length) - bodyStart);
    if (footerAt < 0) {
      throw new X509Error(
        'truncated',
        `The file has no '${footer}' line after '-----BEGIN ${label}-----' on line ${lineOf(text, offset)}: it was cut off. Copy or download the whole file again.`,
      );
    }
    blocks.push({ label, body: text.slice(bodyStart, footerAt), offset });
    examine(footerAt - bodyStart);
    from = footerAt + footer.length;
  }
}

const BASE64_VALUE = /[A-Za-z0-9+/]/;
const WHITESPACE = /[ \t\r\n\f\v]/;

/** Strict Base-64 (whitespace allowed anywhere, padding only at the end), naming the first bad character. */
export function decodeBase64Body(body: string, text: string, bodyOffset: number, what: string): Buffer {
  examine(body.length);
  let digits = 0;
  let padding = 0;
  let cleaned = '';
  for (let i = 0; i < body.length; i++) {
    const character = body[i]!;
    if (WHITESPACE.test(character)) {
      continue;
    }
    if (character === '=' && digits > 0 && padding < 2) {
      padding++;
      cleaned += character;
      continue;
    }
    if (padding === 0 && BASE64_VALUE.test(character)) {
      digits++;
      cleaned += character;
      continue;
    }
    throw new X509Error(
      'bad-base64',
      `The Base-64 text of the ${what} is damaged: ${describeCharacter(character)} on line ${lineOf(text, bodyOffset + i)} is not allowed there. Export the certificate again as "Base-64 encoded X.509 (.CER)", or copy it again without editing.`,
    );
  }
  if (digits === 0) {
    throw new X509Error(
      'bad-base64',
      `The ${what} block holds no Base-64 text. Export the certificate again as "Base-64 encoded X.509 (.CER)".`,
    );
  }
  if ((padding > 0 && (digits + padding) % 4 !== 0) || digits % 4 === 1) {
    throw new X509Error(
      'bad-base64',
      `The Base-64 text of the ${what} has ${digits} characters, which no Base-64 encoding produces: characters are missing. Copy or export the certificate again.`,
    );
  }
  examine(cleaned.length);
  return Buffer.from(cleaned, 'base64');
}

/** Base-64 without BEGIN/END lines, as some portals show a certificate; null when the text is not that. */
export function decodeBareBase64(text: string): Buffer | null {
  const compact = text.replace(/[ \t\r\n\f\v]+/g, '');
  // The replacement, the test and the decoding each pass over the text.
  examine(text.length + 2 * compact.length);
  if (compact.length < 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return null;
  }
  return Buffer.from(compact, 'base64');
}

function lineOf(text: string, offset: number): number {
  examine(Math.min(offset, text.length));
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
    }
  }
  return line;
}

function describeCharacter(character: string): string {
  const code = character.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x21 && code <= 0x7e ? `'${character}'` : `the character ${hex}`;
}
