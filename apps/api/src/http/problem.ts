import type { ErrorCode, FieldError } from '@bts-console/domain';

export interface HttpProblemInit {
  status: number;
  code: ErrorCode | (string & {});
  title?: string;
  detail: string;
  errors?: FieldError[];
  /** Members added to the problem document beside the standard ones, e.g. `servers`. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A refusal the API makes on purpose; the error handler sends it as RFC 9457 problem details. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(init: HttpProblemInit) {
    super(init.detail);
    this.name = 'HttpProblem';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title ?? TITLES[init.status] ?? 'Error';
    this.detail = init.detail;
    this.errors = init.errors;
    this.extra = init.extra;
    this.headers = init.headers;
  }

  /** The `application/problem+json` body. */
  toBody(): Record<string, unknown> {
    return {
      ...this.extra,
      type: `https://bts-console.dev/problems/${this.code}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** 404 for a named thing that does not exist, e.g. `notFound('Application', 'Contoso.Orders')`. */
export function notFound(kind: string, name: string): HttpProblem {
  return new HttpProblem({ status: 404, code: 'not-found', detail: `${kind} '${name}' does not exist.` });
}
