import { z, type ZodType } from 'zod';
import { registeredOperations, type Operation } from './registry';

type JsonSchema = Record<string, unknown>;

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;

function pascal(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function operationId(operation: Operation): string {
  const path = operation.path.replace(/^\/api/, '').replace(/\{([^}]+)\}/g, 'By $1');
  const id = `${operation.method}${pascal(path)}`;
  return id === operation.method ? `${operation.method}Root` : id;
}

/** Schemas without an id of their own get one from their operation, so every body is a component. */
function componentId(schema: ZodType, fallback: string): string {
  const meta = z.globalRegistry.get(schema);
  if (typeof meta?.id === 'string') return meta.id;
  z.globalRegistry.add(schema, { ...meta, id: fallback });
  return fallback;
}

function inlineSchema(schema: ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io: 'input',
    reused: 'inline',
  }) as JsonSchema;
  return rest;
}

function parametersOf(shapeOwner: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!shapeOwner) return [];
  return Object.entries(shapeOwner.shape).map(([name, property]) => {
    const schema = property as ZodType;
    const description = z.globalRegistry.get(schema)?.description;
    return {
      name,
      in: where,
      required: where === 'path' || !schema.safeParse(undefined).success,
      schema: inlineSchema(schema),
      ...(description ? { description } : {}),
    };
  });
}

function contentTypeFor(status: number, explicit: string | undefined): string {
  if (explicit) return explicit;
  return status >= 400 ? 'application/problem+json' : 'application/json';
}

/** The OpenAPI 3.1 document, generated from the zod schemas the routes validate and answer with. */
export function buildOpenApiDocument(options: { version: string; serverUrl?: string }): JsonSchema {
  const operations = registeredOperations();
  const paths: Record<string, Record<string, JsonSchema>> = {};

  for (const operation of operations) {
    const id = operationId(operation);
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      const code = Number(status);
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                [contentTypeFor(code, response.contentType)]: {
                  schema: { $ref: COMPONENT_URI(componentId(response.schema, `${pascal(id)}${status}`)) },
                },
              },
            }
          : {}),
      };
    }
    const requestBody =
      operation.body === undefined
        ? undefined
        : operation.body === 'binary'
          ? {
              required: true,
              content: {
                'application/octet-stream': {
                  schema: { type: 'string', contentMediaType: 'application/octet-stream' },
                },
              },
            }
          : {
              required: true,
              content: {
                'application/json': {
                  schema: { $ref: COMPONENT_URI(componentId(operation.body, `${pascal(id)}Request`)) },
                },
              },
            };
    const parameters = [...parametersOf(operation.params, 'path'), ...parametersOf(operation.query, 'query')];
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      operationId: id,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      ...(operation.tags ? { tags: operation.tags } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(operation.anonymous ? { security: [] } : {}),
      responses,
    };
  }

  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: COMPONENT_URI, unrepresentable: 'any' }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.id;
    delete schema.$id;
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'bts-console API',
      version: options.version,
      description:
        'Assign encryption certificates to BizTalk send ports. Errors are RFC 9457 problem details. Sign in with POST /api/session (cookie) or send an API token as Authorization: Bearer.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'bts_session' },
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token from POST /api/tokens (btsc_…)',
        },
      },
    },
  };
}
