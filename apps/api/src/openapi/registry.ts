import type { ZodObject, ZodType } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface OperationResponse {
  description: string;
  schema?: ZodType;
  /** Defaults to application/json (application/problem+json for 4xx and 5xx). */
  contentType?: string;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI style, e.g. '/api/send-ports/{name}'. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  params?: ZodObject;
  query?: ZodObject;
  /** A JSON body schema, or 'binary' for an uploaded file. */
  body?: ZodType | 'binary';
  /** Whether the operation can be called without signing in. */
  anonymous?: boolean;
  responses: Record<number, OperationResponse>;
}

const operations = new Map<string, Operation>();

/** Each router file registers its operations at module load; the OpenAPI document is built from them. */
export function registerOperation(operation: Operation): void {
  operations.set(`${operation.method} ${operation.path}`, operation);
}

/** Every registered operation, in registration order. */
export function registeredOperations(): Operation[] {
  return [...operations.values()];
}
