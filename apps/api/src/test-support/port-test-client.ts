import { createCertificate, generateRsaKeyPair, type KeyUsageName, type RsaKeyPair } from '@bts-console/x509';
import type { TestApp, TestRole } from './test-app';

/*
 * What the send-port, store and certificate API tests share: a caller that signs in once per role
 * and speaks plain HTTP, and certificates issued on the spot to import through the API.
 */

export type Caller = TestRole | 'anonymous' | 'admin-token';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise the text. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ApiRequest {
  json?: unknown;
  bytes?: Uint8Array | string;
  headers?: Record<string, string>;
}

export interface ApiClient {
  call(caller: Caller, method: string, path: string, request?: ApiRequest): Promise<ApiResponse>;
}

/** Signs in lazily, once per role, and keeps the credentials for the test file. */
export function apiClient(app: TestApp): ApiClient {
  const credentials = new Map<Caller, Promise<Record<string, string>>>();
  function headersFor(caller: Caller): Promise<Record<string, string>> {
    let headers = credentials.get(caller);
    if (!headers) {
      if (caller === 'anonymous') headers = Promise.resolve({ origin: app.origin });
      else if (caller === 'admin-token') {
        headers = app.createToken('admin').then((token) => ({ authorization: `Bearer ${token}` }));
      } else headers = app.signIn(caller).then((signedIn) => signedIn.headers);
      credentials.set(caller, headers);
    }
    return headers;
  }
  return {
    async call(caller, method, path, request = {}) {
      const headers: Record<string, string> = { ...(await headersFor(caller)), ...request.headers };
      let body: string | Buffer | undefined;
      if (request.json !== undefined) {
        body = JSON.stringify(request.json);
        headers['content-type'] ??= 'application/json';
      } else if (request.bytes !== undefined) {
        body = typeof request.bytes === 'string' ? request.bytes : Buffer.from(request.bytes);
        headers['content-type'] ??= 'application/octet-stream';
      }
      const response = await fetch(`${app.baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        body: type.includes('json') && text !== '' ? JSON.parse(text) : text,
      };
    },
  };
}

/** Path of a send port, its name URL-encoded as clients must. */
export function portPath(name: string, suffix = ''): string {
  return `/api/send-ports/${encodeURIComponent(name)}${suffix}`;
}

export function storePath(computer: string, thumbprint?: string): string {
  const base = `/api/computers/${encodeURIComponent(computer)}/stores/other-people/certificates`;
  return thumbprint === undefined ? base : `${base}/${encodeURIComponent(thumbprint)}`;
}

const DAY_MS = 86_400_000;
let keyPair: RsaKeyPair | undefined;

export interface TestCertificateOptions {
  commonName: string;
  /** Validity in days relative to `now`. */
  validFromDays?: number;
  validToDays?: number;
  /** Null: no KeyUsage extension. */
  keyUsage?: KeyUsageName[] | null;
  now: Date;
}

/** A self-signed certificate, issued now; one RSA key serves the whole test file. */
export function issueTestCertificate(options: TestCertificateOptions): { der: Buffer; pem: string } {
  keyPair ??= generateRsaKeyPair(2048);
  return createCertificate({
    subject: { commonName: options.commonName, organization: 'Test Partner' },
    publicKey: keyPair.publicKey,
    signingKey: keyPair.privateKey,
    notBefore: new Date(options.now.getTime() + (options.validFromDays ?? -1) * DAY_MS),
    notAfter: new Date(options.now.getTime() + (options.validToDays ?? 365) * DAY_MS),
    keyUsage: options.keyUsage === undefined ? ['digitalSignature', 'keyEncipherment'] : options.keyUsage,
  });
}
