import { listAuditEntries, verifyAuditChain } from '@bts-console/db';
import { TEXT_ERROR_CODES, textIssueCode } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { registeredOperations, type Operation } from '../openapi/registry';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type SignedIn, type TestApp } from '../test-support/test-app';

const NUL = '\u0000';
const LONE_SURROGATE = '\uD800';

/** A string field of a request: where it sits, and its schema. `[]` marks an array's items. */
interface StringField {
  path: string[];
  schema: ZodType;
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every string a schema reads, through optionals, defaults, arrays, unions and pipes. */
function stringFields(schema: ZodType, path: string[] = []): StringField[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [{ path, schema }];
    case 'object':
      return Object.entries(def.shape as Record<string, ZodType>).flatMap(([key, field]) =>
        stringFields(field, [...path, key]),
      );
    case 'array':
      return stringFields(def.element as ZodType, [...path, '[]']);
    case 'union':
      return (def.options as ZodType[]).flatMap((option) => stringFields(option, path));
    case 'pipe':
      return stringFields(def.in as ZodType, path);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return stringFields(def.innerType as ZodType, path);
    default:
      return [];
  }
}

/** Only the strings of a fixed format (timestamps, GUIDs) may refuse these characters by their format. */
const hasFormat = (schema: ZodType) => typeof defOf(schema).format === 'string';

interface FieldOfOperation extends StringField {
  operation: Operation;
  part: 'params' | 'query' | 'body';
}

function fieldsOfEveryOperation(): FieldOfOperation[] {
  return registeredOperations().flatMap((operation) => {
    const parts = [
      ['params', operation.params],
      ['query', operation.query],
      ['body', operation.body === 'binary' ? undefined : operation.body],
    ] as const;
    return parts.flatMap(([part, schema]) =>
      schema ? stringFields(schema).map((field) => ({ ...field, operation, part })) : [],
    );
  });
}

const label = (field: FieldOfOperation) =>
  `${field.operation.method.toUpperCase()} ${field.operation.path} ${field.part} ${field.path.join('.')}`;

/** A value of the field's shape holding `value`: an array's items become one-item arrays. */
function nested(path: string[], value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (head === '[]') return [nested(rest, value)];
  return { [head]: nested(rest, value) };
}

describe('the text rule', () => {
  let fields: FieldOfOperation[] = [];
  beforeAll(async () => {
    // The routers register their operations when the app is built.
    const app = await startTestApp({ seed: 'none' });
    await app.close();
    fields = fieldsOfEveryOperation();
  });

  it('finds the string fields of the API', () => {
    const described = fields.map(label);
    expect(described).toContain('POST /api/session body username');
    expect(described).toContain('GET /api/send-ports/{name} params name');
    expect(described).toContain('GET /api/audit query target');
    expect(described.length).toBeGreaterThan(30);
  });

  it('refuses U+0000 and a lone surrogate in every string field of every operation', () => {
    const accepted: string[] = [];
    for (const field of fields) {
      for (const bad of [NUL, `a${NUL}b`, LONE_SURROGATE, `x${LONE_SURROGATE}`]) {
        const result = field.schema.safeParse(bad);
        if (result.success) {
          accepted.push(`${label(field)} accepts ${JSON.stringify(bad)}`);
          continue;
        }
        // A plain string must say why with the text rule's code; a format refuses by its format.
        if (!hasFormat(field.schema) && !result.error.issues.some((issue) => textIssueCode(issue))) {
          accepted.push(`${label(field)} refuses ${JSON.stringify(bad)} without the text rule`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe.each(TEST_DIALECTS)('strings refused at the edge (%s)', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let entriesBefore = 0;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    admin = await app.signIn('admin');
    entriesBefore = (await listAuditEntries(app.deps.database.db, { limit: 1 })).total;
  });
  afterAll(async () => {
    await app?.close();
  });

  /** One request to the operation with `value` in `field` and harmless text in every other parameter. */
  function send(field: FieldOfOperation, value: string) {
    const { operation, part, path } = field;
    let url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(part === 'params' && path[0] === name ? value : 'x'),
    );
    if (part === 'query') {
      const query = new URLSearchParams();
      query.append(path[0]!, value);
      if (path[1] === '[]') query.append(path[0]!, value);
      url += `?${query.toString()}`;
    }
    return call<{ code: string; status: number }>(app.baseUrl, url, {
      method: operation.method.toUpperCase(),
      headers: admin.headers,
      ...(part === 'body' ? { body: nested(path, value) } : {}),
    });
  }

  it('answers U+0000 in every path parameter, query parameter and body field with 422', async () => {
    const answers: string[] = [];
    for (const field of fieldsOfEveryOperation()) {
      const response = await send(field, `a${NUL}b`);
      answers.push(`${label(field)}: ${response.status} ${response.body.code}`);
      expect.soft(response.status, label(field)).toBe(422);
      const codes = hasFormat(field.schema) ? ['validation-failed'] : TEXT_ERROR_CODES;
      expect.soft(codes as readonly string[], label(field)).toContain(response.body.code);
    }
    expect(answers.length).toBeGreaterThan(30);
  });

  it('answers a lone surrogate in every body field with 422 ill-formed-unicode', async () => {
    for (const field of fieldsOfEveryOperation().filter((each) => each.part === 'body')) {
      const response = await send(field, `x${LONE_SURROGATE}`);
      expect.soft(response.status, label(field)).toBe(422);
      expect.soft(response.body.code, label(field)).toBe('ill-formed-unicode');
    }
  });

  it('never lets a lone surrogate through a path or query, which UTF-8 cannot carry', async () => {
    // U+D800 written as UTF-8 bytes anyway: a path with them cannot be decoded; a query decodes them
    // to U+FFFD, well-formed text that finds nothing.
    const path = await call(app.baseUrl, '/api/send-ports/a%ED%A0%80b', { headers: admin.headers });
    expect(path.status).toBe(400);
    const query = await call<{ total: number }>(app.baseUrl, '/api/audit?target=%ED%A0%80', {
      headers: admin.headers,
    });
    expect(query.status).toBe(200);
    expect(query.body.total).toBe(0);
  });

  it('refuses the surrogate sign-in, names the character, and keeps the audit chain verifiable', async () => {
    const response = await call<{ code: string; detail: string; errors: { path: string; code: string }[] }>(
      app.baseUrl,
      '/api/session',
      { method: 'POST', headers: { origin: app.origin }, body: '{"username":"\\ud800x","password":"wrong"}' },
    );
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('ill-formed-unicode');
    expect(response.body.detail).toContain('U+D800');
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ path: 'username', code: 'ill-formed-unicode' }),
    );
    expect(await verifyAuditChain(app.deps.database.db)).toMatchObject({ ok: true });
  });

  it('keeps tabs and line feeds in a description, and refuses them in a name', async () => {
    const description = 'Orders from\n\tthe web shop';
    const created = await call<{ description: string }>(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: admin.headers,
      body: { name: `Text.Rule.${dialect}`, description },
    });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe(description);
    const refused = await call<{ code: string }>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers: admin.headers,
      body: { name: 'two\nlines' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('control-character');
  });

  it('changed nothing for the refused requests', async () => {
    // One entry is the application created above; every refusal wrote none.
    expect((await listAuditEntries(app.deps.database.db, { limit: 1 })).total).toBe(entriesBefore + 1);
    expect(await verifyAuditChain(app.deps.database.db)).toMatchObject({ ok: true });
  });
});
