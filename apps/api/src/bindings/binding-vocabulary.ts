import type { SendPortTracking } from '@bts-console/db';

/*
 * BizTalk's own constants that a binding file carries and the console's model does not keep.
 */

/** BizTalk's TrackingTypes flags, as a send port's <Tracking> writes them. */
const TRACKING_BITS: Record<keyof SendPortTracking, number> = {
  messageBodiesBeforeSend: 4,
  messageBodiesAfterSend: 8,
  messagePropertiesBeforeSend: 64,
  messagePropertiesAfterSend: 128,
};

export function trackingToMask(tracking: SendPortTracking): number {
  let mask = 0;
  for (const [key, bit] of Object.entries(TRACKING_BITS)) {
    if (tracking[key as keyof SendPortTracking]) mask |= bit;
  }
  return mask;
}

export function trackingFromMask(mask: number): SendPortTracking {
  return {
    messageBodiesBeforeSend: (mask & TRACKING_BITS.messageBodiesBeforeSend) !== 0,
    messageBodiesAfterSend: (mask & TRACKING_BITS.messageBodiesAfterSend) !== 0,
    messagePropertiesBeforeSend: (mask & TRACKING_BITS.messagePropertiesBeforeSend) !== 0,
    messagePropertiesAfterSend: (mask & TRACKING_BITS.messagePropertiesAfterSend) !== 0,
  };
}

const MICROSOFT_ASSEMBLY = 'Version=3.0.1.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35';

/** Assemblies of the pipelines BizTalk ships; a pipeline of the application's own is written by name. */
const PIPELINE_ASSEMBLIES: Record<string, string> = {
  'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit': 'Microsoft.BizTalk.DefaultPipelines',
  'Microsoft.BizTalk.DefaultPipelines.XMLTransmit': 'Microsoft.BizTalk.DefaultPipelines',
  'Microsoft.BizTalk.DefaultPipelines.PassThruReceive': 'Microsoft.BizTalk.DefaultPipelines',
  'Microsoft.BizTalk.DefaultPipelines.XMLReceive': 'Microsoft.BizTalk.DefaultPipelines',
  'Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Send': 'Microsoft.BizTalk.Edi.EdiIntPipelines',
  'Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Receive': 'Microsoft.BizTalk.Edi.EdiIntPipelines',
};

export function pipelineFullyQualifiedName(name: string): string {
  const assembly = PIPELINE_ASSEMBLIES[name];
  return assembly ? `${name}, ${assembly}, ${MICROSOFT_ASSEMBLY}` : name;
}

/** What BizTalk's adapters register; Capabilities is required by the schema, 0 when unknown. */
const ADAPTERS: Record<string, { capabilities: number; configurationClsid: string }> = {
  FILE: { capabilities: 11, configurationClsid: '5e49e3a6-b4fc-4077-b44c-22f34a242fdb' },
  FTP: { capabilities: 80907, configurationClsid: '3979ffed-0067-4cc6-9f5a-859a5db6e9bb' },
  HTTP: { capabilities: 387, configurationClsid: '1c56d157-0553-4345-8a1f-55d2d1a3ffb6' },
};

export function adapterRegistration(transportType: string): {
  capabilities: number;
  configurationClsid?: string;
} {
  return ADAPTERS[transportType.toUpperCase()] ?? { capabilities: 0 };
}

/** The pipelines BizTalk gives a new send port. */
export const DEFAULT_SEND_PIPELINE = 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit';
export const DEFAULT_RECEIVE_PIPELINE = 'Microsoft.BizTalk.DefaultPipelines.PassThruReceive';
