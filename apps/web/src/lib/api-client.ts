import { problemFromAnswer, type FieldError } from '@bts-console/domain';

/** A refusal from the API, carrying its RFC 9457 problem details so screens can show them in its words. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem document: code-specific members such as `servers` or `current` live here. */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    body?: Record<string, unknown>;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.body = init.body ?? {};
  }

  /** The message of the field error on `path`, if the API gave one. */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** JSON-encoded unless it is already a Blob or ArrayBuffer (certificate files go up as raw bytes). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

export type ApiResponse<T> = { body: T; headers: Headers };

/** What reads an answer: a contract schema, or a function that checks as its schema does (parseSendPortList). */
export type AnswerParser<T> = { parse(value: unknown): T };

/** Calls the REST API with the session cookie and parses the answer with its contract schema. */
export async function apiRequest<T>(
  path: string,
  schema: AnswerParser<T> | null,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob || options.body instanceof ArrayBuffer) {
    body = options.body;
    headers['Content-Type'] ??= 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'network-error',
      detail: 'The bts-console server did not answer. Check that it is running and try again.',
    });
  }

  if (!response.ok) throw await problemFrom(response);
  if (schema === null || response.status === 204) return { body: undefined as T, headers: response.headers };
  const json: unknown = await response.json();
  return { body: schema.parse(json), headers: response.headers };
}

/** Shorthand for GET requests whose headers do not matter. */
export async function apiGet<T>(path: string, schema: AnswerParser<T>, signal?: AbortSignal): Promise<T> {
  return (await apiRequest(path, schema, { signal })).body;
}

async function problemFrom(response: Response): Promise<ApiError> {
  const { status, statusText } = response;
  const problem = problemFromAnswer({ status, statusText, body: await response.text() });
  return new ApiError({
    status,
    code: problem.code,
    detail: problem.detail ?? problem.title,
    errors: problem.errors,
    body: problem,
  });
}

/** The words to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
