import type {
  EncryptionCertificateNames,
  SendPort as SendPortRecord,
  SendPortWithCertificateNames,
  TransportOptions,
} from '@bts-console/db';
import {
  adapterRegistration,
  DEFAULT_RECEIVE_PIPELINE,
  DEFAULT_SEND_PIPELINE,
  pipelineFullyQualifiedName,
  trackingToMask,
} from './binding-vocabulary';

export type { EncryptionCertificateNames } from '@bts-console/db';

export interface BindingInfoInput {
  application: string;
  sendPorts: readonly SendPortRecord[];
  /** By canonical thumbprint; a thumbprint missing here is written without names. */
  certificates: ReadonlyMap<string, EncryptionCertificateNames>;
  timestamp: Date;
}

const MICROSOFT_DEPLOYMENT_VERSION = 'Version=3.0.1.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35';

/** Characters XML 1.0 cannot carry at all, even escaped; they become U+FFFD. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Whether a value may be written as it is: most are (names, addresses, numbers), and an export writes
 * some forty per port, so the test comes before any replacing.
 */
const PLAIN = /^[^&<>"'\t\n\r]*$/;
const PLAIN_XML = /^[\u0020-\uD7FF\uE000-\uFFFD]*$/;

/** Escapes text content; \r is kept as a reference because parsers turn a bare one into \n. */
export function escapeText(value: string): string {
  if (PLAIN.test(value) && PLAIN_XML.test(value)) return value;
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value; whitespace is kept as references because parsers normalize it to spaces. */
export function escapeAttribute(value: string): string {
  if (PLAIN.test(value) && PLAIN_XML.test(value)) return value;
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};

function attributes(values: Record<string, string | number | boolean | undefined>): string {
  let text = '';
  for (const name in values) {
    const value = values[name];
    if (value !== undefined) text += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  return text;
}

/** `<Name>text</Name>`, `<Name />` for empty text, or `<Name xsi:nil="true" />` for null. */
function leaf(name: string, value: string | number | boolean | null): string {
  if (value === null) return `<${name} xsi:nil="true" />`;
  const text = escapeText(String(value));
  return text === '' ? `<${name} />` : `<${name}>${text}</${name}>`;
}

/** BizTalk keeps only the time of day of a service window, on 2000-01-01. */
function windowTime(time: string | undefined, fallback: string): string {
  return `2000-01-01T${time ?? fallback}:00`;
}

/** Subject first, then issuer: "Issued To, Issued By", as BizTalk's certificate page lists it. */
function shortName(names: EncryptionCertificateNames): string {
  return [names.subjectCommonName, names.issuerCommonName].filter((name) => name).join(', ');
}

const INDENTS = Array.from({ length: 8 }, (_, depth) => '  '.repeat(depth));

/** The document's text as it is written, a line at a time. */
class XmlLines {
  text = '';
  add(depth: number, line: string): void {
    this.text += `${INDENTS[depth] ?? '  '.repeat(depth)}${line}\n`;
  }
}

function writeTransport(
  out: XmlLines,
  depth: number,
  element: 'PrimaryTransport' | 'SecondaryTransport',
  transport: {
    uri: string;
    transportType: string;
    retryCount: number;
    retryIntervalMinutes: number;
    sendHandler: string | null;
    options: TransportOptions | null;
  },
): void {
  const primary = element === 'PrimaryTransport';
  const window = transport.options?.serviceWindow ?? null;
  const adapter = transport.transportType === '' ? undefined : adapterRegistration(transport.transportType);
  const transportTypeElement = adapter
    ? `<TransportType${attributes({ Name: transport.transportType, Capabilities: adapter.capabilities, ConfigurationClsid: adapter.configurationClsid })} />`
    : undefined;
  out.add(depth, `<${element}>`);
  out.add(depth + 1, leaf('Address', transport.uri));
  if (transportTypeElement) out.add(depth + 1, transportTypeElement);
  out.add(depth + 1, leaf('RetryCount', transport.retryCount));
  out.add(depth + 1, leaf('RetryInterval', transport.retryIntervalMinutes));
  out.add(depth + 1, leaf('ServiceWindowEnabled', window !== null));
  out.add(depth + 1, leaf('FromTime', windowTime(window?.start, '00:00')));
  out.add(depth + 1, leaf('ToTime', window ? windowTime(window.stop, '23:59') : '2000-01-01T23:59:59'));
  out.add(depth + 1, leaf('Primary', primary));
  out.add(depth + 1, leaf('OrderedDelivery', transport.options?.orderedDelivery ?? false));
  out.add(depth + 1, leaf('DeliveryNotification', 1));
  if (transport.sendHandler === null) {
    // BizTalk writes the nil handler without HostTrusted, which its own schema requires even on nil.
    out.add(depth + 1, '<SendHandler xsi:nil="true" HostTrusted="false" />');
  } else {
    out.add(depth + 1, `<SendHandler${attributes({ Name: transport.sendHandler, HostTrusted: false })}>`);
    // A dynamic port's handler has no transport type; the schema wants Capabilities even on nil.
    out.add(depth + 2, transportTypeElement ?? '<TransportType xsi:nil="true" Capabilities="0" />');
    out.add(depth + 1, '</SendHandler>');
  }
  out.add(depth, `</${element}>`);
}

function pipeline(element: string, name: string, type: 1 | 2): string {
  return `<${element}${attributes({
    Name: name,
    FullyQualifiedName: pipelineFullyQualifiedName(name),
    Type: type,
    TrackingOption: 'ServiceStartEnd MessageSendReceive PipelineEvents',
    Description: '',
  })} />`;
}

function writeSendPort(
  out: XmlLines,
  application: string,
  { port, certificateNames: names }: SendPortWithCertificateNames,
): void {
  const isStatic = port.kind.startsWith('Static');
  const isTwoWay = port.kind.endsWith('Solicit-Response');
  const options = port.transportOptions;
  out.add(
    2,
    `<SendPort${attributes({ Name: port.name, IsStatic: isStatic, IsTwoWay: isTwoWay, BindingOption: 0, AnalyticsEnabled: false })}>`,
  );
  out.add(3, leaf('Description', port.description === '' ? null : port.description));
  out.add(3, pipeline('TransmitPipeline', port.sendPipeline || DEFAULT_SEND_PIPELINE, 2));
  writeTransport(out, 3, 'PrimaryTransport', {
    uri: port.uri,
    transportType: port.transportType,
    retryCount: options.retryCount,
    retryIntervalMinutes: options.retryIntervalMinutes,
    sendHandler: port.sendHandler,
    options,
  });
  const backup = port.backupTransport;
  writeTransport(out, 3, 'SecondaryTransport', {
    uri: backup?.uri ?? '',
    transportType: backup?.transportType ?? '',
    retryCount: backup?.retryCount ?? 3,
    retryIntervalMinutes: backup?.retryIntervalMinutes ?? 5,
    sendHandler: null,
    options: null,
  });
  if (port.certificate) {
    out.add(
      3,
      `<EncryptionCert${attributes({
        LongName: names?.subject,
        ShortName: names ? shortName(names) : (port.certificate.commonName ?? undefined),
        UsageType: 'Encryption',
        ThumbPrint: port.certificate.thumbprint,
      })} />`,
    );
  }
  if (isTwoWay) out.add(3, pipeline('ReceivePipeline', port.receivePipeline || DEFAULT_RECEIVE_PIPELINE, 1));
  out.add(3, leaf('ReceivePipelineData', null));
  out.add(3, leaf('Tracking', trackingToMask(port.tracking)));
  out.add(3, leaf('Filter', port.filter ?? ''));
  if (port.outboundMaps.length === 0) {
    out.add(3, '<Transforms />');
  } else {
    out.add(3, '<Transforms>');
    for (const map of port.outboundMaps) out.add(4, `<Transform${attributes({ FullName: map.map })} />`);
    out.add(3, '</Transforms>');
  }
  out.add(3, leaf('OrderedDelivery', options.orderedDelivery));
  out.add(3, leaf('Priority', options.priority));
  out.add(3, leaf('StopSendingOnFailure', options.stopSendingOnFailure));
  out.add(3, leaf('RouteFailedMessage', false));
  out.add(3, leaf('ApplicationName', application));
  out.add(2, '</SendPort>');
}

/** The document up to its send ports: the declaration, BindingInfo's start and the module reference. */
function writeHead(out: XmlLines, application: string, timestamp: Date): void {
  const module = `[Application:${application}]`;
  out.add(0, '<?xml version="1.0" encoding="utf-8"?>');
  out.add(
    0,
    `<BindingInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"${attributes(
      {
        Assembly: `Microsoft.BizTalk.Deployment, ${MICROSOFT_DEPLOYMENT_VERSION}`,
        Version: '3.5.1.0',
        BindingStatus: 'NoBindings',
        BoundEndpoints: 0,
        TotalEndpoints: 0,
      },
    )}>`,
  );
  out.add(1, leaf('Timestamp', timestamp.toISOString()));
  out.add(1, '<ModuleRefCollection>');
  out.add(
    2,
    `<ModuleRef${attributes({ Name: module, Version: '', Culture: '', PublicKeyToken: '', FullName: `${module}, Version=, Culture=, PublicKeyToken=` })}>`,
  );
  out.add(3, '<Services />');
  out.add(3, '<TrackedSchemas />');
  out.add(2, '</ModuleRef>');
  out.add(1, '</ModuleRefCollection>');
}

function writeTail(out: XmlLines): void {
  out.add(1, '<DistributionListCollection />');
  out.add(1, '<ReceivePortCollection />');
  out.add(1, '<PartyCollection xsi:nil="true" />');
  out.add(0, '</BindingInfo>');
}

function text(write: (out: XmlLines) => void): string {
  const out = new XmlLines();
  write(out);
  return out.text;
}

/**
 * Characters per piece of a streamed export: some thirty ports. A piece this small is allocated and
 * let go in V8's young generation, while a page's 2 MB string would go to the large-object space,
 * which only a full collection frees: an export of 50,000 ports then grew the heap by 100 MB.
 */
const PIECE_CHARACTERS = 64 * 1024;

/**
 * An application's bindings as BizTalk's `BindingInfo` document, in pieces of about 64 KB as its send
 * ports arrive a page at a time: the memory it takes is a page's, whatever the size of the application. Each port's
 * elements are in the schema's order, `EncryptionCert` right after `SecondaryTransport` when the port
 * has a certificate.
 */
export async function* bindingInfoChunks(
  application: string,
  timestamp: Date,
  pages: AsyncIterable<readonly SendPortWithCertificateNames[]>,
): AsyncGenerator<string> {
  const iterator = pages[Symbol.asyncIterator]();
  let page = await iterator.next();
  const empty = page.done === true || page.value.length === 0;
  yield text((out) => {
    writeHead(out, application, timestamp);
    out.add(1, empty ? '<SendPortCollection />' : '<SendPortCollection>');
  });
  while (!empty && page.done !== true) {
    let out = new XmlLines();
    for (const port of page.value) {
      writeSendPort(out, application, port);
      if (out.text.length >= PIECE_CHARACTERS) {
        yield out.text;
        out = new XmlLines();
      }
    }
    if (out.text !== '') yield out.text;
    page = await iterator.next();
  }
  yield text((out) => {
    if (!empty) out.add(1, '</SendPortCollection>');
    writeTail(out);
  });
}

/** The whole document at once, for files small enough to hold: the same text as `bindingInfoChunks`. */
export function writeBindingInfo(input: BindingInfoInput): string {
  return text((out) => {
    writeHead(out, input.application, input.timestamp);
    if (input.sendPorts.length === 0) {
      out.add(1, '<SendPortCollection />');
    } else {
      out.add(1, '<SendPortCollection>');
      for (const port of input.sendPorts) {
        const names = port.certificate ? input.certificates.get(port.certificate.thumbprint) : undefined;
        writeSendPort(out, input.application, { port, certificateNames: names ?? null });
      }
      out.add(1, '</SendPortCollection>');
    }
    writeTail(out);
  });
}
