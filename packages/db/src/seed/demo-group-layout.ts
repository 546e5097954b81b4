import type {
  ArtifactKind,
  ComputerRole,
  HostInstanceState,
  HostType,
  SendPortKind,
  SendPortStatus,
} from '../schema';
import type {
  BackupTransport,
  OutboundMap,
  SendPortTracking,
  TransportOptions,
} from '../repositories/send-ports';
import type { DemoCertificateCaseName } from './demo-certificates';

/*
 * The demo group of DESIGN §11, as data. Names and structure are fixed so that tests, journeys
 * and screenshots can rely on them; only the certificates depend on the seed's clock.
 */

export const DEMO_GROUP = {
  name: 'BizTalk Group',
  sqlServer: 'SQL01',
  managementDatabase: 'BizTalkMgmtDb',
} as const;

export const DEMO_COMPUTER_LIST: readonly { name: string; role: ComputerRole }[] = [
  { name: 'ADMIN01', role: 'Console' },
  { name: 'BTS01', role: 'BizTalk Server' },
  { name: 'BTS02', role: 'BizTalk Server' },
];

export const DEMO_HOSTS = {
  application: 'BizTalkServerApplication',
  isolated: 'BizTalkServerIsolatedHost',
  secureSend: 'SecureSendHost',
} as const;

export const DEMO_HOST_LIST: readonly {
  name: string;
  type: HostType;
  isDefault: boolean;
  instances: readonly { server: string; state: HostInstanceState }[];
}[] = [
  {
    name: DEMO_HOSTS.application,
    type: 'In-Process',
    isDefault: true,
    instances: [
      { server: 'BTS01', state: 'Running' },
      { server: 'BTS02', state: 'Running' },
    ],
  },
  {
    name: DEMO_HOSTS.isolated,
    type: 'Isolated',
    isDefault: false,
    instances: [
      { server: 'BTS01', state: 'Running' },
      { server: 'BTS02', state: 'Running' },
    ],
  },
  {
    name: DEMO_HOSTS.secureSend,
    type: 'In-Process',
    isDefault: false,
    instances: [{ server: 'BTS02', state: 'Running' }],
  },
];

export const DEMO_APPLICATIONS = {
  system: 'BizTalk.System',
  default: 'BizTalk Application 1',
  orders: 'Contoso.Orders',
  invoicing: 'Fabrikam.Invoicing',
  shipping: 'Northwind.Shipping',
} as const;

export const DEMO_APPLICATION_LIST: readonly { name: string; description: string; isSystem: boolean }[] = [
  {
    name: DEMO_APPLICATIONS.system,
    description: 'BizTalk Server system application: global property schemas and default pipelines.',
    isSystem: true,
  },
  { name: DEMO_APPLICATIONS.default, description: 'The default application of the group.', isSystem: false },
  {
    name: DEMO_APPLICATIONS.orders,
    description: 'Purchase orders exchanged with Contoso Ltd. over AS2 and web services.',
    isSystem: false,
  },
  {
    name: DEMO_APPLICATIONS.invoicing,
    description: 'Invoices and payment advice for Fabrikam, Inc.',
    isSystem: false,
  },
  {
    name: DEMO_APPLICATIONS.shipping,
    description: 'Shipping manifests and tracking with Northwind Traders.',
    isSystem: false,
  },
];

export const PIPELINES = {
  passThruTransmit: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
  xmlTransmit: 'Microsoft.BizTalk.DefaultPipelines.XMLTransmit',
  passThruReceive: 'Microsoft.BizTalk.DefaultPipelines.PassThruReceive',
  xmlReceive: 'Microsoft.BizTalk.DefaultPipelines.XMLReceive',
  as2Send: 'Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Send',
} as const;

export interface DemoSendPort {
  name: string;
  application: string;
  kind: SendPortKind;
  status: SendPortStatus;
  transportType: string;
  uri: string;
  /** Null: a dynamic port on the group's default host. */
  sendHandler: string | null;
  sendPipeline: string;
  receivePipeline?: string;
  description: string;
  filter?: string;
  transportOptions?: Partial<TransportOptions>;
  backupTransport?: BackupTransport;
  outboundMaps?: OutboundMap[];
  tracking?: Partial<SendPortTracking>;
  certificate?: DemoCertificateCaseName;
}

function subscription(...statements: { property: string; value: string }[]): string {
  const body = statements
    .map((s) => `<Statement Property="${s.property}" Operator="0" Value="${s.value}" />`)
    .join('');
  return `<Filter><Group>${body}</Group></Filter>`;
}

/** The port that DESIGN's acceptance tests name. */
export const DEMO_AS2_PORT = 'SP.Orders.AS2';

export const DEMO_SEND_PORTS: readonly DemoSendPort[] = [
  // BizTalk Application 1
  {
    name: 'SendPort1',
    application: DEMO_APPLICATIONS.default,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'FILE',
    uri: 'C:\\BizTalk\\Out\\%MessageID%.xml',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: '',
  },
  {
    name: 'SendPort2.Secure',
    application: DEMO_APPLICATIONS.default,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'HTTP',
    uri: 'https://test.partners.local/inbound',
    sendHandler: DEMO_HOSTS.secureSend,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Test port on the secure send host.',
  },

  // Contoso.Orders
  {
    name: DEMO_AS2_PORT,
    application: DEMO_APPLICATIONS.orders,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'AS2',
    uri: 'https://as2.contoso.com/as2/receive',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.as2Send,
    description: 'Purchase order acknowledgements to Contoso over AS2, encrypted with their certificate.',
    filter: subscription({
      property: 'BTS.MessageType',
      value: 'http://schemas.contoso.com/orders/2024#OrderAck',
    }),
    transportOptions: { retryCount: 5, retryIntervalMinutes: 10 },
    backupTransport: {
      transportType: 'FILE',
      uri: '\\\\FS01\\Contoso\\AS2-Fallback\\%MessageID%.edi',
      retryCount: 3,
      retryIntervalMinutes: 5,
    },
    tracking: { messagePropertiesBeforeSend: true, messagePropertiesAfterSend: true },
    certificate: 'validEverywhere',
  },
  {
    name: 'SP.Orders.Confirmation.FILE',
    application: DEMO_APPLICATIONS.orders,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'FILE',
    uri: '\\\\FS01\\Contoso\\Orders\\Out\\%MessageID%.xml',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.xmlTransmit,
    description: 'Order confirmations dropped for the Contoso file gateway.',
    filter: subscription({ property: 'BTS.ReceivePortName', value: 'RP.Orders.In' }),
    outboundMaps: [
      {
        sourceDocument: 'Contoso.Orders.Schemas.Order',
        map: 'Contoso.Orders.Maps.Order_To_Confirmation',
        targetDocument: 'Contoso.Orders.Schemas.OrderConfirmation',
      },
    ],
  },
  {
    name: 'SP.Orders.Notify.SMTP',
    application: DEMO_APPLICATIONS.orders,
    kind: 'Static One-way',
    status: 'Stopped',
    transportType: 'SMTP',
    uri: 'mailto:orders@contoso.com',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'E-mail notification of rejected orders.',
  },
  {
    name: 'SP.Orders.Secure.HTTP',
    application: DEMO_APPLICATIONS.orders,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'HTTP',
    uri: 'https://b2b.contoso.com/orders/inbound',
    sendHandler: DEMO_HOSTS.secureSend,
    sendPipeline: PIPELINES.xmlTransmit,
    description: 'Orders posted to Contoso from the secure send host (BTS02 only).',
    filter: subscription({
      property: 'BTS.MessageType',
      value: 'http://schemas.contoso.com/orders/2024#Order',
    }),
    transportOptions: { orderedDelivery: true, priority: 1 },
  },
  {
    name: 'SP.Orders.Status.WCF',
    application: DEMO_APPLICATIONS.orders,
    kind: 'Static Solicit-Response',
    status: 'Bound',
    transportType: 'WCF-BasicHttp',
    uri: 'https://services.contoso.com/OrderStatus.svc',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.xmlTransmit,
    receivePipeline: PIPELINES.xmlReceive,
    description: 'Order status queries to the Contoso web service.',
  },
  {
    name: 'SP.Orders.Dynamic',
    application: DEMO_APPLICATIONS.orders,
    kind: 'Dynamic One-way',
    status: 'Started',
    transportType: '',
    uri: '',
    sendHandler: null,
    sendPipeline: PIPELINES.xmlTransmit,
    description: 'Address set by the orchestration at run time.',
    filter: subscription({ property: 'BTS.SPName', value: 'SP.Orders.Dynamic' }),
  },

  // Fabrikam.Invoicing
  {
    name: 'SP.Invoicing.AS2',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'AS2',
    uri: 'https://as2.fabrikam.com/receive',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.as2Send,
    description: 'Invoices to Fabrikam over AS2.',
    filter: subscription({
      property: 'BTS.MessageType',
      value: 'http://schemas.fabrikam.com/invoicing#Invoice',
    }),
    certificate: 'expiringIn10Days',
  },
  {
    name: 'SP.Invoicing.Archive.FILE',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'FILE',
    uri: 'D:\\BizTalk\\Fabrikam\\Archive\\%MessageID%.xml',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Copy of every invoice for the archive.',
    filter: subscription({ property: 'BTS.ReceivePortName', value: 'RP.Invoicing.In' }),
  },
  {
    name: 'SP.Invoicing.Secure.WCF',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Static One-way',
    status: 'Stopped',
    transportType: 'WCF-BasicHttp',
    uri: 'https://services.fabrikam.com/InvoiceService.svc',
    sendHandler: DEMO_HOSTS.secureSend,
    sendPipeline: PIPELINES.xmlTransmit,
    description: 'Invoices to the Fabrikam service from the secure send host.',
  },
  {
    name: 'SP.Invoicing.Reminder.SMTP',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'SMTP',
    uri: 'mailto:ap@fabrikam.com',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Payment reminders by e-mail.',
  },
  {
    name: 'SP.Invoicing.Payment.HTTP',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Static Solicit-Response',
    status: 'Started',
    transportType: 'HTTP',
    uri: 'https://pay.fabrikam.com/api/payments',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.xmlTransmit,
    receivePipeline: PIPELINES.xmlReceive,
    description: 'Payment advice, answered with a remittance.',
    filter: subscription({
      property: 'BTS.MessageType',
      value: 'http://schemas.fabrikam.com/invoicing#PaymentAdvice',
    }),
    tracking: { messageBodiesBeforeSend: true },
  },
  {
    name: 'SP.Invoicing.Dynamic.SolicitResponse',
    application: DEMO_APPLICATIONS.invoicing,
    kind: 'Dynamic Solicit-Response',
    status: 'Bound',
    transportType: '',
    uri: '',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.xmlTransmit,
    receivePipeline: PIPELINES.xmlReceive,
    description: 'Credit checks against the endpoint chosen per customer.',
  },

  // Northwind.Shipping
  {
    name: 'SP.Shipping.AS2',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'AS2',
    uri: 'https://edi.northwindtraders.com/as2',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.as2Send,
    description: 'Advance shipping notices to Northwind over AS2.',
    filter: subscription({
      property: 'BTS.MessageType',
      value: 'http://schemas.northwindtraders.com/shipping#ASN',
    }),
    certificate: 'expired',
  },
  {
    name: 'SP.Shipping.Manifest.FILE',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Static One-way',
    status: 'Started',
    transportType: 'FILE',
    uri: '\\\\FS01\\Northwind\\Shipping\\Manifests\\%SourceFileName%',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Shipping manifests for the warehouse.',
    filter: subscription({ property: 'BTS.ReceivePortName', value: 'RP.Shipping.In' }),
  },
  {
    name: 'SP.Shipping.Secure.AS2',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'AS2',
    uri: 'https://secure-edi.northwindtraders.com/as2',
    sendHandler: DEMO_HOSTS.secureSend,
    sendPipeline: PIPELINES.as2Send,
    description: 'Customs documents over AS2 from the secure send host.',
  },
  {
    name: 'SP.Shipping.Tracking.WCF',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Static Solicit-Response',
    status: 'Started',
    transportType: 'WCF-BasicHttp',
    uri: 'http://tracking.northwindtraders.com/TrackingService.svc',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.xmlTransmit,
    receivePipeline: PIPELINES.xmlReceive,
    description: 'Parcel tracking queries.',
  },
  {
    name: 'SP.Shipping.Alerts.SMTP',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Static One-way',
    status: 'Stopped',
    transportType: 'SMTP',
    uri: 'mailto:dispatch@northwindtraders.com',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Delay alerts to the Northwind dispatch desk.',
  },
  {
    name: 'SP.Shipping.Dynamic',
    application: DEMO_APPLICATIONS.shipping,
    kind: 'Dynamic One-way',
    status: 'Bound',
    transportType: '',
    uri: '',
    sendHandler: DEMO_HOSTS.application,
    sendPipeline: PIPELINES.passThruTransmit,
    description: 'Carrier bookings, addressed per carrier at run time.',
  },
];

export interface DemoArtifact {
  kind: ArtifactKind;
  name: string;
  /** Null for group-level artifacts. */
  application: string | null;
  description?: string;
  properties?: Record<string, unknown>;
}

function partnerArtifacts(
  application: string,
  prefix: string,
  area: string,
  namespace: string,
  documents: readonly [string, string],
): DemoArtifact[] {
  const [inbound, outbound] = documents;
  return [
    {
      kind: 'Receive Port',
      name: `RP.${area}.In`,
      application,
      properties: { type: 'One-way', authentication: 'No authentication', tracking: false },
    },
    {
      kind: 'Receive Location',
      name: `RL.${area}.In.FILE`,
      application,
      properties: {
        receivePort: `RP.${area}.In`,
        transportType: 'FILE',
        uri: `\\\\FS01\\${prefix.split('.')[0]}\\${area}\\In\\*.xml`,
        receiveHandler: DEMO_HOSTS.application,
        receivePipeline: PIPELINES.xmlReceive,
        status: 'Enabled',
      },
    },
    {
      kind: 'Receive Location',
      name: `RL.${area}.In.HTTP`,
      application,
      properties: {
        receivePort: `RP.${area}.In`,
        transportType: 'HTTP',
        uri: `/BTSHTTPReceive.dll?${area}`,
        receiveHandler: DEMO_HOSTS.isolated,
        receivePipeline: PIPELINES.xmlReceive,
        status: 'Disabled',
      },
    },
    {
      kind: 'Orchestration',
      name: `${prefix}.Orchestrations.Process${inbound}`,
      application,
      properties: { host: DEMO_HOSTS.application, status: 'Started', assembly: `${prefix}, Version=1.0.0.0` },
    },
    {
      kind: 'Schema',
      name: `${prefix}.Schemas.${inbound}`,
      application,
      properties: { targetNamespace: namespace, rootName: inbound },
    },
    {
      kind: 'Schema',
      name: `${prefix}.Schemas.${outbound}`,
      application,
      properties: { targetNamespace: namespace, rootName: outbound },
    },
    {
      kind: 'Map',
      name: `${prefix}.Maps.${inbound}_To_${outbound}`,
      application,
      properties: {
        sourceSchema: `${prefix}.Schemas.${inbound}`,
        targetSchema: `${prefix}.Schemas.${outbound}`,
      },
    },
    {
      kind: 'Pipeline',
      name: `${prefix}.Pipelines.Receive${inbound}`,
      application,
      properties: { type: 'Receive' },
    },
    {
      kind: 'Resource',
      name: `${prefix}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35`,
      application,
      properties: { type: 'System.BizTalk:BizTalkAssembly', sourceLocation: `C:\\Deploy\\${prefix}.dll` },
    },
    {
      kind: 'Send Port Group',
      name: `SPG.${area}.Partners`,
      application,
      properties: { status: 'Started' },
    },
    {
      kind: 'Role Link',
      name: `${prefix}.${area}PartnerRoleLink`,
      application,
      properties: { roleLinkType: `${prefix}.${area}PartnerRoleLinkType`, initiatingRole: 'Provider' },
    },
    {
      kind: 'Policy',
      name: `${prefix}.${area}Policy`,
      application,
      properties: { version: '1.0', status: 'Deployed' },
    },
  ];
}

export const DEMO_ARTIFACTS: readonly DemoArtifact[] = [
  // BizTalk.System
  ...(
    [
      'Microsoft.BizTalk.GlobalPropertySchemas',
      'Microsoft.XLANGs.BaseTypes.Address',
      'Microsoft.BizTalk.Edi.BaseArtifacts',
    ] as const
  ).map((name) => ({ kind: 'Schema' as const, name, application: DEMO_APPLICATIONS.system })),
  ...[PIPELINES.passThruReceive, PIPELINES.passThruTransmit, PIPELINES.xmlReceive, PIPELINES.xmlTransmit].map(
    (name) => ({ kind: 'Pipeline' as const, name, application: DEMO_APPLICATIONS.system }),
  ),
  {
    kind: 'Resource',
    name: 'Microsoft.BizTalk.GlobalPropertySchemas, Version=3.0.1.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35',
    application: DEMO_APPLICATIONS.system,
    properties: { type: 'System.BizTalk:BizTalkAssembly' },
  },
  {
    kind: 'Resource',
    name: 'Microsoft.BizTalk.DefaultPipelines, Version=3.0.1.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35',
    application: DEMO_APPLICATIONS.system,
    properties: { type: 'System.BizTalk:BizTalkAssembly' },
  },

  // BizTalk Application 1
  {
    kind: 'Receive Port',
    name: 'ReceivePort1',
    application: DEMO_APPLICATIONS.default,
    properties: { type: 'One-way', authentication: 'No authentication', tracking: false },
  },
  {
    kind: 'Receive Location',
    name: 'ReceiveLocation1',
    application: DEMO_APPLICATIONS.default,
    properties: {
      receivePort: 'ReceivePort1',
      transportType: 'FILE',
      uri: 'C:\\BizTalk\\In\\*.xml',
      receiveHandler: DEMO_HOSTS.application,
      receivePipeline: PIPELINES.passThruReceive,
      status: 'Disabled',
    },
  },

  ...partnerArtifacts(
    DEMO_APPLICATIONS.orders,
    'Contoso.Orders',
    'Orders',
    'http://schemas.contoso.com/orders/2024',
    ['Order', 'OrderConfirmation'],
  ),
  ...partnerArtifacts(
    DEMO_APPLICATIONS.invoicing,
    'Fabrikam.Invoicing',
    'Invoicing',
    'http://schemas.fabrikam.com/invoicing',
    ['Invoice', 'PaymentAdvice'],
  ),
  ...partnerArtifacts(
    DEMO_APPLICATIONS.shipping,
    'Northwind.Shipping',
    'Shipping',
    'http://schemas.northwindtraders.com/shipping',
    ['Shipment', 'ASN'],
  ),

  // Group level
  ...(
    [
      ['Contoso Ltd.', 'AS2 partner for purchase orders.'],
      ['Fabrikam, Inc.', 'Invoicing partner.'],
      ['Northwind Traders', 'Shipping and logistics partner.'],
      ['Tailspin Toys', 'Retail partner being onboarded.'],
    ] as const
  ).map(([name, description]) => ({ kind: 'Party' as const, name, application: null, description })),
  {
    kind: 'Message Box',
    name: 'BizTalkMsgBoxDb',
    application: null,
    properties: { sqlServer: DEMO_GROUP.sqlServer, master: true, publicationDisabled: false },
  },
  ...(
    [
      ['FILE', 'Microsoft.BizTalk.Adapter.File'],
      ['FTP', 'Microsoft.BizTalk.Adapter.Ftp'],
      ['HTTP', 'Microsoft.BizTalk.Adapter.Http'],
      ['SMTP', 'Microsoft.BizTalk.Adapter.Smtp'],
      ['SOAP', 'Microsoft.BizTalk.Adapter.Soap'],
      ['MSMQ', 'Microsoft.BizTalk.Adapter.Msmq'],
      ['SFTP', 'Microsoft.BizTalk.Adapter.Sftp'],
      ['WCF-BasicHttp', 'Microsoft.BizTalk.Adapter.Wcf'],
      ['WCF-Custom', 'Microsoft.BizTalk.Adapter.Wcf'],
      ['WCF-WSHttp', 'Microsoft.BizTalk.Adapter.Wcf'],
      ['AS2', 'Microsoft.BizTalk.EdiInt'],
    ] as const
  ).map(([name, assembly]) => ({
    kind: 'Adapter' as const,
    name,
    application: null,
    properties: { assembly, defaultSendHandler: DEMO_HOSTS.application },
  })),
];
