import { problemFromAnswer, type ProblemDetails } from '@bts-console/domain';
import { CommandFailure, UsageError } from './cli-errors';

/** The shape checks the CLI applies to answers: the API's own zod schemas from @bts-console/domain. */
export interface ResponseSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** A refusal or failure the API reported as RFC 9457 problem details. */
export class ApiProblemError extends Error {
  override name = 'ApiProblemError';
  /** What the person can do about it, in the CLI's own terms (e.g. which option to add). */
  hint: string | undefined;
  /** The detail in the CLI's terms, where the API's names a request field the person never typed. */
  detail: string | undefined;
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
  }
}

export interface ApiRequest {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, e.g. a certificate file or a binding file. */
  body?: Uint8Array | string;
  contentType?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | readonly string[] | boolean | undefined>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed by the schema when one was given. */
  body: T;
  /** The answer as the API sent it, for --json. */
  raw: unknown;
  text: string;
}

export interface ApiClientOptions {
  /** The server's address as the person gave it, e.g. http://localhost:8080. */
  url: string;
  /** API token sent as `Authorization: Bearer`. */
  token?: string;
}

/** The server's root URL without a trailing slash or /api; refuses anything that is not http(s). */
export function serverUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`'${value}' is not a URL; give the server's address, e.g. http://localhost:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `'${value}' is not an http or https URL; give the server's address, e.g. http://localhost:8080`,
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

export interface ApiClient {
  /** The server's origin, which cookie-authenticated requests must send in Origin. */
  readonly origin: string;
  readonly url: string;
  request<T = unknown>(
    method: string,
    path: string,
    request?: ApiRequest,
    schema?: ResponseSchema<T>,
  ): Promise<ApiResponse<T>>;
  /**
   * A GET whose answer is a file, possibly larger than memory should hold (a binding file of 50,000
   * ports is over 100 MB): the body is left unread for the caller to stream. Refusals are thrown as
   * for `request`.
   */
  download(path: string, request?: Pick<ApiRequest, 'headers' | 'query'>): Promise<Response>;
}

/** A thin fetch wrapper: JSON in and out, problem details turned into ApiProblemError. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const root = serverUrl(options.url);
  const base = root.href.replace(/\/$/, '');

  async function send(
    method: string,
    path: string,
    { json, body, contentType, headers = {}, query = {} }: ApiRequest,
  ): Promise<Response> {
    const url = new URL(`${base}/api${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === false) continue;
      const values = typeof value === 'string' ? [value] : value === true ? ['true'] : value;
      for (const item of values) url.searchParams.append(name, item);
    }
    const sentHeaders: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...headers,
    };
    if (options.token) sentHeaders.authorization = `Bearer ${options.token}`;
    let sentBody: RequestInit['body'];
    if (json !== undefined) {
      sentHeaders['content-type'] = 'application/json';
      sentBody = JSON.stringify(json);
    } else if (body !== undefined) {
      sentHeaders['content-type'] = contentType ?? 'application/octet-stream';
      sentBody = typeof body === 'string' ? body : new Blob([body]);
    }
    try {
      return await fetch(url, { method, headers: sentHeaders, body: sentBody, redirect: 'manual' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CommandFailure(
        `Cannot reach the server at ${root.origin}: ${cause?.code ?? cause?.message ?? String(error)}. Check the URL (bts-console login --url, or BTS_URL) and that the server is running.`,
      );
    }
  }

  async function refused(response: Response): Promise<ApiProblemError> {
    const { status, statusText } = response;
    return new ApiProblemError(
      problemFromAnswer({ status, statusText, body: await response.text() }, { quoteBody: true }),
    );
  }

  async function download(
    path: string,
    request: Pick<ApiRequest, 'headers' | 'query'> = {},
  ): Promise<Response> {
    const response = await send('GET', path, request);
    if (!response.ok) throw await refused(response);
    return response;
  }

  async function request<T>(
    method: string,
    path: string,
    request: ApiRequest = {},
    schema?: ResponseSchema<T>,
  ): Promise<ApiResponse<T>> {
    const url = new URL(`${base}/api${path}`);
    const response = await send(method, path, request);
    const text = await response.text();
    const raw = parseJson(text, response.headers.get('content-type'));
    if (!response.ok) {
      const { status, statusText } = response;
      throw new ApiProblemError(problemFromAnswer({ status, statusText, body: text }, { quoteBody: true }));
    }
    if (!schema) return { status: response.status, headers: response.headers, body: raw as T, raw, text };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
      throw new CommandFailure(
        `The server's answer to ${method} ${url.pathname} does not have the expected shape${where}: ${issue?.message ?? 'unknown'}. Is the CLI the same version as the server?`,
      );
    }
    return { status: response.status, headers: response.headers, body: parsed.data, raw, text };
  }

  return { origin: root.origin, url: base, request, download };
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
