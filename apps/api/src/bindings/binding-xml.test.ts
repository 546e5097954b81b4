import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem';
import { escapeAttribute, escapeText } from './binding-info-writer';
import { decodeBindingFile, MAX_XML_DEPTH, parseXml } from './binding-xml';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function problemOf(run: () => unknown): HttpProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const DOCUMENT = '<?xml version="1.0" encoding="utf-16"?>\r\n<BindingInfo Name="café ✓"/>';

describe('decodeBindingFile', () => {
  it('honours the byte-order mark: UTF-8, UTF-16 LE and UTF-16 BE', () => {
    const le = Buffer.from(`\uFEFF${DOCUMENT}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DOCUMENT)]);
    expect(decodeBindingFile(le)).toBe(DOCUMENT);
    expect(decodeBindingFile(be)).toBe(DOCUMENT);
    expect(decodeBindingFile(utf8)).toBe(DOCUMENT);
    expect(decodeBindingFile(Buffer.from(DOCUMENT))).toBe(DOCUMENT);
  });

  it('refuses what it cannot read, saying how to save the file', () => {
    const noMark = problemOf(() => decodeBindingFile(Buffer.from(DOCUMENT, 'utf16le')));
    expect(noMark).toMatchObject({ status: 400, code: 'unsupported-encoding' });
    expect(noMark.detail).toContain('without a byte-order mark');
    const latin1 = problemOf(() => decodeBindingFile(Buffer.from('<a>caf\xe9</a>', 'latin1')));
    expect(latin1.detail).toContain('not valid UTF-8');
    const odd = problemOf(() => decodeBindingFile(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x61])));
    expect(odd.code).toBe('truncated');
    expect(problemOf(() => decodeBindingFile(new Uint8Array())).code).toBe('empty');
  });
});

describe('parseXml', () => {
  it('reads elements, attributes, xsi:nil, CDATA and the line each element starts on', () => {
    const root = parseXml(
      '<BindingInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
        '  <Description xsi:nil="true" />\n' +
        '  <Filter><![CDATA[<Filter />]]></Filter>\n' +
        '  <SendPort Name="A &amp; B"/>\n' +
        '</BindingInfo>',
    );
    expect(root.children.map((element) => [element.name, element.line, element.nil])).toEqual([
      ['Description', 2, true],
      ['Filter', 3, false],
      ['SendPort', 4, false],
    ]);
    expect(root.children[1]?.text).toBe('<Filter />');
    expect(root.children[2]?.attributes.get('Name')).toBe('A & B');
  });

  it('refuses any document type declaration, even one without entities', () => {
    const problem = problemOf(() =>
      parseXml('<?xml version="1.0"?>\n<!DOCTYPE BindingInfo>\n<BindingInfo/>'),
    );
    expect(problem).toMatchObject({ status: 400, code: 'doctype-not-allowed' });
    expect(problem.detail).toContain('line 2');
  });

  it('refuses nesting 100,000 levels deep at the first level too many, naming its line', () => {
    const depth = 100_000;
    const deep = `<BindingInfo>\n${'<a>\n'.repeat(depth)}${'</a>'.repeat(depth)}</BindingInfo>`;
    const problem = problemOf(() => parseXml(deep));
    expect(problem).toMatchObject({
      status: 400,
      code: 'xml-too-deep',
      extra: { line: MAX_XML_DEPTH + 1, depth: MAX_XML_DEPTH },
    });
    expect(problem.detail).toContain(`line ${MAX_XML_DEPTH + 1}`);
  });

  it('reads nesting up to the limit, and xsi:nil under whatever prefix the file binds to xsi', () => {
    const inner = `<Leaf p:nil="true" xmlns:p="${XSI}"/><Other q:nil="true" xmlns:q="urn:not-xsi"/>`;
    const levels = MAX_XML_DEPTH - 2;
    let element = parseXml(`${'<a>'.repeat(levels)}<b>${inner}</b>${'</a>'.repeat(levels)}`);
    for (let level = 0; level < levels; level += 1) element = element.children[0] ?? element;
    expect(element.name).toBe('b');
    expect(element.children.map((leaf) => [leaf.name, leaf.nil, leaf.attributes.size])).toEqual([
      ['Leaf', true, 0],
      ['Other', false, 0],
    ]);
  });

  it('names the line and column of ill-formed XML', () => {
    const problem = problemOf(() => parseXml('<a>\n  <b>\n  </c>\n</a>'));
    expect(problem).toMatchObject({ status: 400, code: 'malformed-xml', extra: { line: 3 } });
    expect(problem.detail).toMatch(/^The file is not well-formed XML: line 3, column \d+: /);
  });

  it('never fails in any other way, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseXml(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpProblem);
        }
      }),
    );
  });

  it('reads back every text and attribute value that the writer escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const representable = value.replace(
          /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
          '\uFFFD',
        );
        const root = parseXml(`<a b="${escapeAttribute(value)}">${escapeText(value)}</a>`);
        expect(root.attributes.get('b')).toBe(representable);
        expect(root.text).toBe(representable);
      }),
    );
  });
});
