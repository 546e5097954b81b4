import { SaxesParser } from 'saxes';
import { TextDecoder } from 'node:util';
import { HttpProblem } from '../http/problem';

/*
 * Reading a binding file safely: bytes to text by the byte-order mark, then a strict non-validating
 * parse into a small element tree. Document type declarations are refused before anything in them is
 * read, so no entity is ever expanded and nothing outside the request is ever fetched.
 */

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** One element of the file, with the line it starts on for error messages. */
export interface XmlElement {
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: readonly XmlElement[];
  /** Character data directly inside the element (BizTalk leaves never mix text and elements). */
  text: string;
  /** xsi:nil="true": BizTalk's way of writing "no value". */
  nil: boolean;
  line: number;
}

/** Most elements of a binding file have no attributes or no children; they share these. */
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
const NO_CHILDREN: readonly XmlElement[] = [];

function badFile(code: string, detail: string, extra?: Record<string, unknown>): HttpProblem {
  return new HttpProblem({ status: 400, code, detail, ...(extra ? { extra } : {}) });
}

/**
 * Bytes to text, as they arrive. BizTalk writes binding files in UTF-8 or UTF-16 (either byte order)
 * with a byte-order mark; the mark decides. Without one the file must be UTF-8, which covers ASCII
 * files too. The first four bytes are held until the mark is known; after that each piece is decoded
 * as it comes, a character split between pieces kept for the next.
 */
export class BindingFileDecoder {
  private head: Uint8Array = new Uint8Array();
  private decoder: TextDecoder | undefined;
  private encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  /** Bytes after the byte-order mark, to find a UTF-16 file cut in the middle of a code unit. */
  private bodyBytes = 0;

  /** The text of these bytes that is complete so far. */
  push(bytes: Uint8Array): string {
    if (this.decoder) return this.decode(bytes, true);
    this.head = this.head.length === 0 ? bytes : Buffer.concat([this.head, bytes]);
    if (this.head.length < 4) return '';
    return this.start(true);
  }

  /** The rest of the text; refuses an empty file and one cut short. */
  end(): string {
    if (!this.decoder) {
      if (this.head.length === 0) {
        throw badFile(
          'empty',
          'The request body is empty. Send the binding file (BindingInfo XML) as the body.',
        );
      }
      const text = this.start(false);
      return text + this.finish();
    }
    return this.finish();
  }

  private start(stream: boolean): string {
    const bytes = this.head;
    const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
    if (
      (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
      (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
    ) {
      throw unsupportedEncoding('UTF-32');
    }
    let start = 0;
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) start = 3;
    else if (b0 === 0xff && b1 === 0xfe) [this.encoding, start] = ['utf-16le', 2];
    else if (b0 === 0xfe && b1 === 0xff) [this.encoding, start] = ['utf-16be', 2];
    else if ((b0 === 0 && b1 === 0x3c) || (b0 === 0x3c && b1 === 0)) {
      throw badFile(
        'unsupported-encoding',
        'The file looks like UTF-16 without a byte-order mark. Save it as UTF-8, or as UTF-16 with a byte-order mark (as BizTalk does).',
      );
    }
    this.decoder = new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true });
    this.head = new Uint8Array();
    return this.decode(bytes.subarray(start), stream);
  }

  private finish(): string {
    if (this.encoding !== 'utf-8' && this.bodyBytes % 2 !== 0) {
      throw badFile(
        'truncated',
        'The UTF-16 file has an odd number of bytes: it is cut short. Export it again.',
      );
    }
    return this.decode(new Uint8Array(), false);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    this.bodyBytes += bytes.length;
    try {
      return (this.decoder as TextDecoder).decode(bytes, { stream });
    } catch {
      const encoding = this.encoding.toUpperCase();
      throw badFile(
        'unsupported-encoding',
        this.encoding === 'utf-8'
          ? 'The file is not valid UTF-8 and has no byte-order mark. Save it as UTF-8 or UTF-16 (with a byte-order mark), as BizTalk exports it.'
          : `The file starts with a ${encoding} byte-order mark but holds bytes that are not ${encoding}.`,
      );
    }
  }
}

/** A whole file's bytes to text: see BindingFileDecoder. */
export function decodeBindingFile(bytes: Uint8Array): string {
  const decoder = new BindingFileDecoder();
  return decoder.push(bytes) + decoder.end();
}

function unsupportedEncoding(name: string): HttpProblem {
  return badFile(
    'unsupported-encoding',
    `The file is encoded in ${name}. Binding files are read in UTF-8 or UTF-16 (with a byte-order mark); save it in one of those.`,
  );
}

/** What the XML declaration may name: the encodings `decodeBindingFile` reads. */
const DECLARABLE_ENCODINGS = new Set([
  'utf-8',
  'utf8',
  'utf-16',
  'utf-16le',
  'utf-16be',
  'us-ascii',
  'ascii',
]);

/**
 * The deepest element of a BizTalk binding file lies 9 levels down (BindingInfo, ModuleRefCollection,
 * ModuleRef, Services, Service, Ports, Port, Roles, Role); 16 leaves room for what later versions add.
 */
const BINDING_INFO_DEPTH = 16;

/**
 * How deep the parser follows nesting. Deeper files are refused as soon as the limit is crossed: a file
 * of nothing but nested elements costs nothing to send, and following it would only use memory.
 */
export const MAX_XML_DEPTH = BINDING_INFO_DEPTH + 64;

/** The part of a qualified name after its prefix. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** What a caller of the incremental parser decides about the elements of the file. */
export interface XmlTreeHooks {
  /**
   * Whether to keep the element in the tree (called as it opens, with its open ancestors, root first).
   * An element not kept is still checked, but neither it nor anything inside it is held.
   */
  keep?(element: XmlElement, ancestors: readonly XmlElement[]): boolean;
  /**
   * Called as a kept element closes, complete; returning true takes it out of the tree, so that a file
   * of many ports is held one port at a time.
   */
  closed?(element: XmlElement, ancestors: readonly XmlElement[]): boolean;
}

/** An incremental parser: text is written as it arrives, and `close` returns the root once all is read. */
export interface XmlTreeParser {
  write(text: string): void;
  close(): XmlElement;
}

/**
 * Parses text into an element tree, piece by piece. Refuses (400) a document type declaration, nesting
 * deeper than MAX_XML_DEPTH, an encoding other than UTF-8/UTF-16, and ill-formed or truncated XML,
 * naming the line. Errors thrown by the hooks (HttpProblem) pass through as they are.
 *
 * saxes' own namespace tracking costs time proportional to the depth at every element, so a deeply
 * nested file took minutes; the only namespace a binding file needs is xsi's, for xsi:nil, and the
 * prefixes bound to it are tracked here, each declaration pushed and popped with its element.
 */
export function createXmlParser(hooks: XmlTreeHooks = {}): XmlTreeParser {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  /** Open elements, each with its children array once it has one, and the xsi prefixes it declares. */
  interface Open {
    element: XmlElement;
    children: XmlElement[] | undefined;
    /** False when the element (or one around it) is not kept: nothing is added to it. */
    kept: boolean;
    xsi?: Map<string, boolean>;
  }
  const stack: Open[] = [];
  /** The kept open elements, root first, as the hooks see them. */
  const ancestors: XmlElement[] = [];
  /** Prefix → is it bound to the xsi namespace here; changed by declarations, restored on close. */
  const xsiPrefixes = new Map<string, boolean>();
  let root: XmlElement | undefined;

  parser.on('xmldecl', (declaration) => {
    const encoding = declaration.encoding?.toLowerCase();
    if (encoding !== undefined && !DECLARABLE_ENCODINGS.has(encoding)) {
      throw unsupportedEncoding(declaration.encoding ?? encoding);
    }
  });
  parser.on('doctype', () => {
    throw badFile(
      'doctype-not-allowed',
      `The file has a document type declaration (<!DOCTYPE …>) at line ${parser.line}. Binding files never have one, and this console does not read DTDs or entities; remove it.`,
      { line: parser.line },
    );
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_XML_DEPTH) {
      throw badFile(
        'xml-too-deep',
        `The file nests elements more than ${MAX_XML_DEPTH} levels deep (line ${parser.line}); a binding file needs far fewer. It is not a BizTalk binding file: export the bindings again.`,
        { line: parser.line, depth: MAX_XML_DEPTH },
      );
    }
    // Declarations first: an element may declare the prefix it uses on its own attributes.
    let declared: Map<string, boolean> | undefined;
    for (const name in tag.attributes) {
      if (!name.startsWith('xmlns:')) continue;
      const prefix = name.slice('xmlns:'.length);
      (declared ??= new Map()).set(prefix, xsiPrefixes.get(prefix) ?? false);
      xsiPrefixes.set(prefix, tag.attributes[name] === XSI);
    }
    const parent = stack[stack.length - 1];
    if (parent && !parent.kept) {
      stack.push(
        declared
          ? { element: parent.element, children: undefined, kept: false, xsi: declared }
          : { element: parent.element, children: undefined, kept: false },
      );
      return;
    }
    let attributes: Map<string, string> | undefined;
    let nil = false;
    for (const name in tag.attributes) {
      const value = tag.attributes[name];
      if (value === undefined || name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const colon = name.indexOf(':');
      if (colon < 0) (attributes ??= new Map()).set(name, value);
      else if (name.slice(colon + 1) === 'nil' && xsiPrefixes.get(name.slice(0, colon)) === true) {
        nil = value.trim() === 'true';
      }
    }
    const element: XmlElement = {
      name: localName(tag.name),
      attributes: attributes ?? NO_ATTRIBUTES,
      children: NO_CHILDREN,
      text: '',
      nil,
      line: parser.line,
    };
    const kept = hooks.keep?.(element, ancestors) ?? true;
    if (kept) {
      if (parent) {
        if (!parent.children) parent.element.children = parent.children = [];
        parent.children.push(element);
      } else root = element;
      ancestors.push(element);
    }
    stack.push(
      declared
        ? { element, children: undefined, kept, xsi: declared }
        : { element, children: undefined, kept },
    );
  });
  const addText = (value: string) => {
    const current = stack[stack.length - 1];
    if (current?.kept) current.element.text += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const closed = stack.pop();
    for (const [prefix, previous] of closed?.xsi ?? []) xsiPrefixes.set(prefix, previous);
    if (!closed?.kept) return;
    ancestors.pop();
    if (hooks.closed?.(closed.element, ancestors) === true) stack[stack.length - 1]?.children?.pop();
  });

  const malformed = (error: unknown): HttpProblem => {
    if (error instanceof HttpProblem) return error;
    const reason = error instanceof Error ? error.message.replace(/^[^:]*:\d+:\d+: /, '') : String(error);
    return badFile(
      'malformed-xml',
      `The file is not well-formed XML: line ${parser.line}, column ${parser.column + 1}: ${reason}. A file cut short or edited by hand is the usual cause; export the bindings again.`,
      { line: parser.line, column: parser.column + 1 },
    );
  };
  return {
    write(text) {
      try {
        parser.write(text);
      } catch (error) {
        throw malformed(error);
      }
    },
    close() {
      try {
        parser.close();
      } catch (error) {
        throw malformed(error);
      }
      if (!root) throw badFile('malformed-xml', 'The file has no root element.');
      return root;
    },
  };
}

/** Parses a whole text into an element tree: see createXmlParser. */
export function parseXml(text: string): XmlElement {
  const parser = createXmlParser();
  parser.write(text);
  return parser.close();
}

/** The first child element with this name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** The child's text, or undefined when it is absent or xsi:nil. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found && !found.nil ? found.text : undefined;
}
