import type { ArtifactKind } from '@bts-console/domain';

/** The nodes under an application, in the BizTalk console's order; `kind` null is the Send Ports grid. */
export const APPLICATION_NODES = [
  { label: 'Role Links', segment: 'role-links', kind: 'Role Link' },
  { label: 'Send Port Groups', segment: 'send-port-groups', kind: 'Send Port Group' },
  { label: 'Send Ports', segment: 'send-ports', kind: null },
  { label: 'Receive Ports', segment: 'receive-ports', kind: 'Receive Port' },
  { label: 'Receive Locations', segment: 'receive-locations', kind: 'Receive Location' },
  { label: 'Orchestrations', segment: 'orchestrations', kind: 'Orchestration' },
  { label: 'Policies', segment: 'policies', kind: 'Policy' },
  { label: 'Schemas', segment: 'schemas', kind: 'Schema' },
  { label: 'Maps', segment: 'maps', kind: 'Map' },
  { label: 'Pipelines', segment: 'pipelines', kind: 'Pipeline' },
  { label: 'Resources', segment: 'resources', kind: 'Resource' },
] as const satisfies readonly { label: string; segment: string; kind: ArtifactKind | null }[];

export type ApplicationNode = (typeof APPLICATION_NODES)[number];

export const PLATFORM_NODES = [
  { label: 'Hosts', segment: 'hosts', kind: null },
  { label: 'Host Instances', segment: 'host-instances', kind: null },
  { label: 'Servers', segment: 'servers', kind: null },
  { label: 'Message Boxes', segment: 'message-boxes', kind: 'Message Box' },
  { label: 'Adapters', segment: 'adapters', kind: 'Adapter' },
] as const satisfies readonly { label: string; segment: string; kind: ArtifactKind | null }[];

export type PlatformNode = (typeof PLATFORM_NODES)[number];

/** The pages of the Send Port Properties dialog, in BizTalk's order. */
export const SEND_PORT_PAGES = [
  { label: 'General', segment: 'general' },
  { label: 'Transport Advanced Options', segment: 'transport-advanced-options' },
  { label: 'Backup Transport', segment: 'backup-transport' },
  { label: 'Outbound Maps', segment: 'outbound-maps' },
  { label: 'Filters', segment: 'filters' },
  { label: 'Certificate', segment: 'certificate' },
  { label: 'Tracking', segment: 'tracking' },
] as const;

export type SendPortPage = (typeof SEND_PORT_PAGES)[number]['segment'];

const encode = encodeURIComponent;

/** The Suspended Instances query, as the Group Hub's links and the test message dialog put it in the URL. */
export type InstanceListFilter = {
  /** Only this send port's instances. */
  sendPort?: string | null;
  /** `all` shows every status; without it, the list shows suspended instances, as BizTalk's query does. */
  status?: string | null;
  /** The instance to select and show in the detail pane. */
  instance?: string | null;
};

/** Every node, dialog and dialog page has its own URL, so reload and Back restore it. */
export const consolePaths = {
  signIn: '/sign-in',
  /** The sign-in page, which brings the user back to `returnTo` (a path with its search and hash). */
  signInReturningTo: (returnTo: string) =>
    returnTo === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(returnTo)}`,
  root: '/',
  /** The BizTalk Group node, whose results pane is the Group Hub. */
  group: '/group',
  suspendedInstances: (filter: InstanceListFilter = {}) => {
    const search = new URLSearchParams();
    if (filter.sendPort) search.set('sendPort', filter.sendPort);
    if (filter.status) search.set('status', filter.status);
    if (filter.instance) search.set('instance', filter.instance);
    const query = search.toString();
    return `/group/suspended-instances${query ? `?${query}` : ''}`;
  },
  applications: '/applications',
  application: (application: string) => `/applications/${encode(application)}`,
  applicationNode: (application: string, segment: string) =>
    `/applications/${encode(application)}/${segment}`,
  sendPorts: (application: string) => `/applications/${encode(application)}/send-ports`,
  sendPortProperties: (application: string, port: string, page: SendPortPage = 'general') =>
    `/applications/${encode(application)}/send-ports/${encode(port)}/properties/${page}`,
  sendTestMessage: (application: string, port: string) =>
    `/applications/${encode(application)}/send-ports/${encode(port)}/test-message`,
  parties: '/parties',
  platformSettings: '/platform-settings',
  platformNode: (segment: string) => `/platform-settings/${segment}`,
  servers: '/platform-settings/servers',
  eventViewer: (computer: string) => `/platform-settings/servers/${encode(computer)}/event-viewer`,
  certificates: '/certificates',
  computer: (computer: string) => `/certificates/computers/${encode(computer)}`,
  otherPeopleStore: (computer: string) => `/certificates/computers/${encode(computer)}/other-people`,
  certificate: (thumbprint: string) => `/certificates/${encode(thumbprint)}`,
  certificatesInUse: '/certificates/in-use',
  /** The Replace certificate wizard; `to` is the successor once picked, so a reload returns to the preview. */
  replaceCertificate: (thumbprint: string, to?: string | null) =>
    `/certificates/in-use/${encode(thumbprint)}/replace${to ? `?to=${encode(to)}` : ''}`,
  /** The same wizard over the certificate's details. */
  replaceCertificateFromDetails: (thumbprint: string, to?: string | null) =>
    `/certificates/${encode(thumbprint)}/replace${to ? `?to=${encode(to)}` : ''}`,
  alerts: '/certificates/alerts',
  audit: '/audit',
} as const;

/** The console's name for the group node, e.g. `BizTalk Group [SQL01:BizTalkMgmtDb]`. */
export function groupNodeLabel(groupName: string): string {
  return groupName.startsWith('BizTalk Group') ? groupName : `BizTalk Group [${groupName}]`;
}
