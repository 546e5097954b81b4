import { examine } from './bytes-examined';
import {
  DER_TAG,
  DerError,
  content,
  decodeOid,
  encoded,
  expectTag,
  readChildren,
  toHex,
  type DerElement,
} from './der-reader';

/**
 * The short names OpenSSL prints. Using its vocabulary lets an administrator compare our subject with
 * `openssl x509 -noout -subject` character for character.
 */
const ATTRIBUTE_SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SN'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'street'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'title'],
  ['2.5.4.13', 'description'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.16', 'postalAddress'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.18', 'postOfficeBox'],
  ['2.5.4.20', 'telephoneNumber'],
  ['2.5.4.41', 'name'],
  ['2.5.4.42', 'GN'],
  ['2.5.4.43', 'initials'],
  ['2.5.4.44', 'generationQualifier'],
  ['2.5.4.45', 'x500UniqueIdentifier'],
  ['2.5.4.46', 'dnQualifier'],
  ['2.5.4.54', 'dmdName'],
  ['2.5.4.65', 'pseudonym'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['1.2.840.113549.1.9.1', 'emailAddress'],
  ['1.2.840.113549.1.9.2', 'unstructuredName'],
  ['1.2.840.113549.1.9.8', 'unstructuredAddress'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'jurisdictionL'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'jurisdictionST'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC'],
]);

const COMMON_NAME_OID = '2.5.4.3';

export interface DistinguishedName {
  /**
   * RFC 2253 order and escaping, most specific first, with ', ' between RDNs and ' + ' inside one, as
   * `openssl x509 -nameopt RFC2253,-esc_msb,sep_comma_plus_space` prints it:
   * `CN=Zoë Müller, O=Contoso\, Ltd, C=DE`.
   */
  text: string;
  /** The most specific CN (the one shown first), or null when the name has none. */
  commonName: string | null;
}

interface Attribute {
  rdnIndex: number;
  oid: string;
  /** Null when the value is not a character string; the text then shows it as #hex of its DER. */
  value: string | null;
  valueDer: Uint8Array;
}

/** Reads an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
export function readDistinguishedName(
  bytes: Uint8Array,
  name: DerElement | undefined,
  what: string,
): DistinguishedName {
  const attributes: Attribute[] = [];
  readChildren(bytes, expectTag(name, DER_TAG.SEQUENCE, what)).forEach((rdn, rdnIndex) => {
    expectTag(rdn, DER_TAG.SET, `${what} name component`);
    const members = readChildren(bytes, rdn);
    if (members.length === 0) {
      throw new DerError(`the ${what} has an empty name component at byte ${rdn.start}`);
    }
    for (const member of members) {
      expectTag(member, DER_TAG.SEQUENCE, `${what} attribute`);
      const [type, value, extra] = readChildren(bytes, member);
      const oid = decodeOid(bytes, expectTag(type, DER_TAG.OID, `${what} attribute type`));
      if (value === undefined || extra !== undefined) {
        throw new DerError(`the ${what} attribute ${oid} at byte ${member.start} is malformed`);
      }
      attributes.push({
        rdnIndex,
        oid,
        value: decodeDirectoryString(bytes, value),
        valueDer: encoded(bytes, value),
      });
    }
  });

  // Most specific first, as Windows and RFC 2253 show a name.
  attributes.reverse();
  let text = '';
  attributes.forEach((attribute, i) => {
    if (i > 0) {
      text += attributes[i - 1]!.rdnIndex === attribute.rdnIndex ? ' + ' : ', ';
    }
    const shortName = ATTRIBUTE_SHORT_NAMES.get(attribute.oid);
    const printed =
      shortName === undefined || attribute.value === null
        ? `#${toHex(attribute.valueDer)}`
        : escapeValue(attribute.value);
    text += `${shortName ?? attribute.oid}=${printed}`;
  });
  const commonName = attributes.find((a) => a.oid === COMMON_NAME_OID && a.value !== null)?.value ?? null;
  return { text, commonName };
}

const LATIN1_STRING_TAGS: ReadonlySet<number> = new Set([
  DER_TAG.PRINTABLE_STRING,
  DER_TAG.IA5_STRING,
  DER_TAG.T61_STRING,
  DER_TAG.VISIBLE_STRING,
  DER_TAG.NUMERIC_STRING,
]);

const utf8 = new TextDecoder('utf-8');

function decodeDirectoryString(bytes: Uint8Array, value: DerElement): string | null {
  const body = content(bytes, value);
  examine(body.length);
  if (value.tag === DER_TAG.UTF8_STRING) {
    return utf8.decode(body);
  }
  if (LATIN1_STRING_TAGS.has(value.tag)) {
    // T61String in practice carries Latin-1; the others are ASCII subsets. OpenSSL reads them byte by byte.
    return Buffer.from(body).toString('latin1');
  }
  if (value.tag === DER_TAG.BMP_STRING) {
    return decodeCodeUnits(body, 2);
  }
  if (value.tag === DER_TAG.UNIVERSAL_STRING) {
    return decodeCodeUnits(body, 4);
  }
  return null;
}

function decodeCodeUnits(body: Uint8Array, width: 2 | 4): string {
  if (body.length % width !== 0) {
    throw new DerError(`a ${width === 2 ? 'BMPString' : 'UniversalString'} has an odd number of bytes`);
  }
  let text = '';
  for (let i = 0; i < body.length; i += width) {
    let codePoint = 0;
    for (let j = 0; j < width; j++) {
      codePoint = codePoint * 256 + body[i + j]!;
    }
    text += codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\uFFFD';
  }
  return text;
}

/** RFC 2253 section 2.4, plus hex escapes for control characters so a name never spans lines. */
function escapeValue(value: string): string {
  examine(value.length);
  const characters = Array.from(value);
  return characters
    .map((character, i) => {
      const code = character.codePointAt(0)!;
      if (code < 0x20 || code === 0x7f) {
        return `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      if (',+"\\<>;'.includes(character)) {
        return `\\${character}`;
      }
      if (
        (i === 0 && (character === '#' || character === ' ')) ||
        (i === characters.length - 1 && character === ' ')
      ) {
        return `\\${character}`;
      }
      return character;
    })
    .join('');
}
