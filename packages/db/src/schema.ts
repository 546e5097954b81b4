import type {
  ArtifactKind,
  ComputerRole,
  EventLevel,
  HOST_TYPES,
  HostInstanceState,
  MessageInstanceStatus,
  SendPortKind,
  SendPortStatus,
} from '@bts-console/domain';
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';

/*
 * Tables are snake_case in the database and camelCase here: every Kysely instance that
 * `openDatabase` returns carries `CamelCasePlugin`. Conventions shared by both dialects:
 * times are ISO-8601 UTC text (`2026-11-25T10:00:00.000Z`, so they sort and compare the same
 * on SQLite and PostgreSQL), booleans are integers 0/1, JSON is text, binary is blob/bytea.
 */

/** ISO-8601 UTC time stored as text. */
export type IsoTime = string;
/** A boolean stored as 0 or 1. */
export type Flag = 0 | 1;

// The vocabularies of the columns below are the API contract's: one definition in packages/domain.
export type {
  ArtifactKind,
  ComputerRole,
  EventLevel,
  HostInstanceState,
  MessageInstanceStatus,
  SendPortKind,
  SendPortStatus,
};
export type HostType = (typeof HOST_TYPES)[number];

export interface GroupSettingsTable {
  /** Always 1: the group is a single row. */
  id: number;
  name: string;
  sqlServer: string;
  managementDatabase: string;
  seededAt: IsoTime | null;
}

export interface ComputersTable {
  id: Generated<number>;
  name: string;
  role: ComputerRole;
}

export interface CertificatesTable {
  thumbprint: string;
  sha256: string;
  subject: string;
  subjectCommonName: string | null;
  issuer: string;
  issuerCommonName: string | null;
  serialNumber: string;
  notBefore: IsoTime;
  notAfter: IsoTime;
  /** JSON array of key usage names, or null when the extension is absent. */
  keyUsage: string | null;
  extendedKeyUsage: string | null;
  publicKeyAlgorithm: string;
  publicKeySize: number | null;
  der: Buffer;
  firstSeenAt: IsoTime;
}

export interface StoreCertificatesTable {
  computerId: number;
  thumbprint: string;
  friendlyName: string | null;
  addedAt: IsoTime;
  addedBy: string;
}

export interface HostsTable {
  id: Generated<number>;
  name: string;
  type: HostType;
  /** BizTalk's "default host in the group": it handles dynamic ports that name no send handler. */
  isDefault: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface HostInstancesTable {
  id: Generated<number>;
  hostId: number;
  computerId: number;
  state: HostInstanceState;
}

export interface ApplicationsTable {
  id: Generated<number>;
  name: string;
  description: string;
  isSystem: ColumnType<Flag, Flag | undefined, Flag>;
  createdAt: IsoTime;
}

export interface SendPortsTable {
  id: Generated<number>;
  name: string;
  applicationId: number;
  kind: SendPortKind;
  status: SendPortStatus;
  transportType: string;
  uri: string;
  sendHandlerHostId: number | null;
  sendPipeline: string;
  receivePipeline: string | null;
  description: string;
  /** BizTalk filter XML, kept as text. */
  filter: string | null;
  transportOptions: string;
  backupTransport: string | null;
  outboundMaps: string;
  tracking: string;
  certificateThumbprint: string | null;
  certificateCommonName: string | null;
  version: ColumnType<number, number | undefined, number>;
  changedBy: string;
  changedAt: IsoTime;
}

export interface ArtifactsTable {
  id: Generated<number>;
  applicationId: number | null;
  kind: ArtifactKind;
  name: string;
  description: string;
  properties: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  passwordHash: string;
  /** JSON array of role names. */
  roles: string;
  createdAt: IsoTime;
  passwordChangedAt: IsoTime;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value, so a copy of the database cannot be replayed as sessions. */
  idHash: string;
  userId: number;
  createdAt: IsoTime;
  lastSeenAt: IsoTime;
  clientAddress: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  name: string;
  tokenHash: string;
  createdAt: IsoTime;
  lastUsedAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  /** Lower-cased, so throttling counts `Admin` and `admin` together. */
  username: string;
  clientAddress: string;
  at: IsoTime;
  succeeded: Flag;
}

export interface AuditEntriesTable {
  seq: number;
  at: IsoTime;
  username: string;
  clientAddress: string;
  action: string;
  targetType: string;
  target: string;
  before: string | null;
  after: string | null;
  batchId: string;
  reason: string | null;
  prevHash: string;
  hash: string;
}

export interface MessageInstancesTable {
  id: string;
  sendPortId: number;
  serverComputerId: number | null;
  status: MessageInstanceStatus;
  error: string | null;
  message: Buffer;
  output: Buffer | null;
  encrypted: Flag;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface EventLogEntriesTable {
  id: Generated<number>;
  at: IsoTime;
  computerId: number;
  level: EventLevel;
  source: string;
  eventId: number;
  text: string;
}

export type AlertEvent = 'certificate.expiring' | 'certificate.expired' | 'certificate.replacement-failed';
export type AlertWebhookStatus = 'not-configured' | 'pending' | 'delivered' | 'failed' | 'none';

export interface AlertsTable {
  id: Generated<number>;
  thumbprint: string;
  /** Days before Not After; 0 is the expiry itself. Unique with the thumbprint (migration 005). */
  thresholdDays: number;
  event: AlertEvent;
  raisedAt: IsoTime;
  commonName: string | null;
  notAfter: IsoTime;
  daysLeft: number;
  /** JSON array of {name, application}. */
  sendPorts: string;
  /** JSON array of computer names. */
  servers: string;
  superseded: ColumnType<Flag, Flag | undefined, Flag>;
  webhookStatus: AlertWebhookStatus;
  webhookUrl: string | null;
  nextAttemptAt: IsoTime | null;
  leaseUntil: IsoTime | null;
  /** For a scheduled replacement that failed: its id, unique (migration 010). */
  replacementId: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON of {to, at, code, message}: the successor, when it was due, and why it was refused. */
  replacementFailure: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AlertAttemptsTable {
  id: Generated<number>;
  alertId: number;
  at: IsoTime;
  outcome: 'delivered' | 'failed';
  responseCode: number | null;
  error: string | null;
}

export interface DatabaseSchema {
  groupSettings: GroupSettingsTable;
  computers: ComputersTable;
  certificates: CertificatesTable;
  storeCertificates: StoreCertificatesTable;
  hosts: HostsTable;
  hostInstances: HostInstancesTable;
  applications: ApplicationsTable;
  sendPorts: SendPortsTable;
  artifacts: ArtifactsTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  signInAttempts: SignInAttemptsTable;
  auditEntries: AuditEntriesTable;
  messageInstances: MessageInstancesTable;
  eventLogEntries: EventLogEntriesTable;
  certificateReplacements: CertificateReplacementsTable;
  alerts: AlertsTable;
  alertAttempts: AlertAttemptsTable;
}

/** A replacement scheduled for a time (DESIGN §12); JSON columns as text. */
export interface CertificateReplacementsTable {
  id: string;
  fromThumbprint: string;
  toThumbprint: string;
  at: IsoTime;
  status: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  ports: string;
  acknowledgeMissingOn: string;
  acknowledgeNotYetValid: Flag;
  reason: string | null;
  createdBy: string;
  createdAt: IsoTime;
  finishedAt: IsoTime | null;
  cancelledBy: string | null;
  batchId: string | null;
  failure: string | null;
  /** Only the listed ports switch (migration 010). */
  onlyListedPorts: Flag;
}

/** Repositories take either the database or an open transaction, so callers compose them in one transaction. */
export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;
