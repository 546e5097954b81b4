import type { BackupTransport, SendPortTracking, TransportOptions } from '@bts-console/db';
import type { PassedOver, RefusedSendPort, SendPortKind } from '@bts-console/domain';
import { HttpProblem } from '../http/problem';
import { BindingFileDecoder, child, childText, createXmlParser, type XmlElement } from './binding-xml';
import { trackingFromMask } from './binding-vocabulary';

/** A send port as a binding file describes it, in the console's terms. */
export interface BoundSendPort {
  name: string;
  /** Line of the SendPort element, for messages. */
  line: number;
  kind: SendPortKind;
  description: string;
  sendPipeline: string | null;
  receivePipeline: string | null;
  transportType: string;
  uri: string;
  /** The SendHandler's host; null when the file names none (a dynamic port on the default host). */
  sendHandler: string | null;
  transportOptions: TransportOptions;
  backupTransport: BackupTransport | null;
  tracking: SendPortTracking;
  /** BizTalk keeps the filter as XML text; so do we. */
  filter: string | null;
  /** ThumbPrint of EncryptionCert as written in the file; null when the port has none. */
  certificateThumbprint: string | null;
}

/** What a binding file holds besides its readable send ports, which are handed over as they are read. */
export interface BindingFileRest {
  /** Ports the file describes so badly that they cannot be read. */
  unreadable: RefusedSendPort[];
  passedOver: PassedOver[];
}

function notBindingInfo(name: string): HttpProblem {
  return new HttpProblem({
    status: 400,
    code: 'not-binding-info',
    detail: `The file's root element is <${name}>, not <BindingInfo>: it is not a BizTalk binding file. Export the bindings from the application (Export > Bindings) and send that file.`,
  });
}

/**
 * Which elements the reader holds: the collections and their members (for what is passed over, by
 * name), orchestrations inside ModuleRef, and each SendPort whole until it has been read.
 */
function kept(element: XmlElement, ancestors: readonly XmlElement[]): boolean {
  const depth = ancestors.length;
  if (depth === 0 && element.name !== 'BindingInfo') throw notBindingInfo(element.name);
  if (depth <= 2) return true;
  const collection = ancestors[1]?.name;
  return collection === 'SendPortCollection' || (collection === 'ModuleRefCollection' && depth <= 4);
}

/**
 * Reads a binding file (BizTalk 2010 to 2020) as its bytes arrive: each SendPort is read into a
 * BoundSendPort as soon as it closes and its elements are let go, and the ports read from each piece of
 * the file are handed to `take` before the next piece is parsed, so the reader holds no more than a
 * piece's worth of them. Elements it does not know are passed over.
 */
export async function readBindingFile(
  bytes: AsyncIterable<Uint8Array> | Uint8Array,
  take: (sendPorts: BoundSendPort[]) => Promise<void>,
): Promise<BindingFileRest> {
  let sendPorts: BoundSendPort[] = [];
  const unreadable: RefusedSendPort[] = [];
  const decoder = new BindingFileDecoder();
  const parser = createXmlParser({
    keep: kept,
    closed(element, ancestors) {
      if (ancestors.length !== 2 || ancestors[1]?.name !== 'SendPortCollection') return false;
      if (element.name === 'SendPort' && !element.nil) {
        const read = readSendPort(element);
        if ('code' in read) unreadable.push(read);
        else sendPorts.push(read);
      }
      return true;
    },
  });
  const parse = async (text: string) => {
    parser.write(text);
    if (sendPorts.length === 0) return;
    const read = sendPorts;
    sendPorts = [];
    await take(read);
  };
  if (bytes instanceof Uint8Array) await parse(decoder.push(bytes));
  else for await (const piece of bytes) await parse(decoder.push(piece));
  await parse(decoder.end());
  const root = parser.close();
  return { unreadable, passedOver: passedOver(root) };
}

function passedOver(root: XmlElement): PassedOver[] {
  const found: PassedOver[] = [];
  const named = (element: XmlElement) => element.attributes.get('Name') ?? '';
  for (const moduleRef of child(root, 'ModuleRefCollection')?.children ?? []) {
    for (const service of child(moduleRef, 'Services')?.children ?? []) {
      if (service.name === 'Service') found.push({ kind: 'Orchestration', name: named(service) });
    }
  }
  for (const list of child(root, 'DistributionListCollection')?.children ?? []) {
    if (list.name === 'DistributionList') found.push({ kind: 'Send Port Group', name: named(list) });
  }
  for (const port of child(root, 'ReceivePortCollection')?.children ?? []) {
    if (port.name === 'ReceivePort') found.push({ kind: 'Receive Port', name: named(port) });
  }
  for (const party of child(root, 'PartyCollection')?.children ?? []) {
    if (party.name === 'Party') found.push({ kind: 'Party', name: named(party) });
  }
  return found;
}

class UnreadablePort extends Error {}

function readSendPort(element: XmlElement): BoundSendPort | RefusedSendPort {
  const name = (element.attributes.get('Name') ?? '').trim();
  try {
    if (name === '') throw new UnreadablePort('has no Name attribute');
    const isStatic = readBoolean(element, 'IsStatic', true);
    const isTwoWay = readBoolean(element, 'IsTwoWay', false);
    const primary = child(element, 'PrimaryTransport');
    const usable = primary && !primary.nil ? primary : undefined;
    const transportType = child(usable, 'TransportType')?.attributes.get('Name')?.trim() ?? '';
    const uri = (childText(usable, 'Address') ?? '').trim();
    const handler = child(usable, 'SendHandler');
    const sendHandler = handler && !handler.nil ? handler.attributes.get('Name')?.trim() || null : null;
    if (isStatic && transportType === '') {
      throw new UnreadablePort('is static but its PrimaryTransport names no TransportType');
    }
    if (isStatic && sendHandler === null) {
      throw new UnreadablePort('is static but its PrimaryTransport names no SendHandler host');
    }
    const encryptionCert = child(element, 'EncryptionCert');
    const thumbprint =
      encryptionCert && !encryptionCert.nil ? (encryptionCert.attributes.get('ThumbPrint') ?? '') : null;
    const filter = childText(element, 'Filter');
    const fromTime = childText(usable, 'FromTime');
    const toTime = childText(usable, 'ToTime');
    return {
      name,
      line: element.line,
      kind: `${isStatic ? 'Static' : 'Dynamic'} ${isTwoWay ? 'Solicit-Response' : 'One-way'}`,
      description: childText(element, 'Description') ?? '',
      sendPipeline: pipelineName(element, 'TransmitPipeline'),
      receivePipeline: isTwoWay ? pipelineName(element, 'ReceivePipeline') : null,
      transportType,
      uri,
      sendHandler,
      transportOptions: {
        retryCount: readInteger(usable, 'RetryCount', 3),
        retryIntervalMinutes: readInteger(usable, 'RetryInterval', 5),
        priority: readInteger(element, 'Priority', 5),
        orderedDelivery: readBooleanElement(element, 'OrderedDelivery', false),
        stopSendingOnFailure: readBooleanElement(element, 'StopSendingOnFailure', false),
        serviceWindow:
          readBooleanElement(usable, 'ServiceWindowEnabled', false) && fromTime && toTime
            ? { start: timeOfDay(fromTime), stop: timeOfDay(toTime) }
            : null,
      },
      backupTransport: readBackupTransport(child(element, 'SecondaryTransport')),
      tracking: trackingFromMask(readInteger(element, 'Tracking', 0)),
      filter: filter === undefined || filter.trim() === '' ? null : filter,
      certificateThumbprint: thumbprint,
    };
  } catch (error) {
    if (!(error instanceof UnreadablePort)) throw error;
    return {
      sendPort: name,
      code: 'invalid-send-port',
      message: `The SendPort ${name === '' ? '' : `'${name}' `}at line ${element.line} ${error.message}.`,
    };
  }
}

function readBackupTransport(secondary: XmlElement | undefined): BackupTransport | null {
  if (!secondary || secondary.nil) return null;
  const uri = (childText(secondary, 'Address') ?? '').trim();
  const transportType = child(secondary, 'TransportType')?.attributes.get('Name')?.trim() ?? '';
  if (uri === '' || transportType === '') return null;
  return {
    transportType,
    uri,
    retryCount: readInteger(secondary, 'RetryCount', 3),
    retryIntervalMinutes: readInteger(secondary, 'RetryInterval', 5),
  };
}

function pipelineName(element: XmlElement, name: string): string | null {
  const pipeline = child(element, name);
  if (!pipeline || pipeline.nil) return null;
  return pipeline.attributes.get('Name')?.trim() || null;
}

/** xs:boolean: true, false, 1 or 0. */
function parseBoolean(value: string, where: string): boolean {
  const trimmed = value.trim();
  if (trimmed === 'true' || trimmed === '1') return true;
  if (trimmed === 'false' || trimmed === '0') return false;
  throw new UnreadablePort(`has ${where}="${trimmed.slice(0, 40)}", which is neither true nor false`);
}

function readBoolean(element: XmlElement, attribute: string, fallback: boolean): boolean {
  const value = element.attributes.get(attribute);
  return value === undefined ? fallback : parseBoolean(value, attribute);
}

function readBooleanElement(element: XmlElement | undefined, name: string, fallback: boolean): boolean {
  const value = childText(element, name);
  return value === undefined || value.trim() === '' ? fallback : parseBoolean(value, name);
}

function readInteger(element: XmlElement | undefined, name: string, fallback: number): number {
  const value = childText(element, name)?.trim();
  if (value === undefined || value === '') return fallback;
  if (!/^[+-]?\d{1,9}$/.test(value)) {
    throw new UnreadablePort(`has <${name}>${value.slice(0, 40)}</${name}>, which is not a whole number`);
  }
  return Number(value);
}

/** `2000-01-01T23:00:00` → `23:00`: BizTalk keeps only the time of day of a service window. */
function timeOfDay(value: string): string {
  const match = /T(\d{2}:\d{2})/.exec(value);
  if (!match?.[1])
    throw new UnreadablePort(`has a service window time '${value.slice(0, 40)}' that is not xs:dateTime`);
  return match[1];
}
