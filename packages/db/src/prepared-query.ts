import type { Compilable, CompiledQuery, DialectAdapter, Kysely } from 'kysely';
import { keepPreparedOnPostgres } from './postgres-driver';
import type { DatabaseSchema, Executor } from './schema';

/** Stands for one named value while a prepared query is built and compiled. */
class Placeholder {
  constructor(readonly name: string) {}
}

interface Compiled {
  query: CompiledQuery;
  /** For each parameter of the SQL text: the name of the value it takes, or undefined for a constant. */
  names: (string | undefined)[];
}

export interface PreparedQuery<Values, Row> {
  execute(db: Executor, values: Values): Promise<Row[]>;
  executeTakeFirst(db: Executor, values: Values): Promise<Row | undefined>;
  /** Runs a statement that returns no rows; resolves to the number of rows it changed. */
  executeChanges(db: Executor, values: Values): Promise<bigint>;
}

/**
 * A Kysely query built and compiled once per database, then run with new values. Building and
 * compiling (with the camel-case plugin's rewrite) costs several times what SQLite takes to run the
 * API's most frequent queries, the session lookup and the send port's read among them.
 *
 * `build` receives placeholders for the values: it must put them into the query as values
 * (`where(column, '=', values.name)`, `sql\`lower(${values.name})\``), never branch on them, and never
 * pass them where Kysely expands a value into several parameters (`in` lists). A placeholder is a
 * truthy object, so `if (values.x)` would silently compile one branch for every run, and `values.x ?? y`
 * would never use y: compiling throws when a value the builder read is not a parameter of the query,
 * and running throws when a value the query takes is missing.
 */
export function preparedQuery<Values extends Record<string, unknown>, Row>(
  build: (db: Kysely<DatabaseSchema>, values: Values) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  // Keyed by the dialect adapter: one per opened database, shared by its transactions.
  const compiled = new WeakMap<DialectAdapter, Compiled>();

  function compile(db: Executor): Compiled {
    const adapter = db.getExecutor().adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      const read = new Set<string>();
      const placeholders = new Proxy({} as Values, {
        get: (_target, name) => {
          if (typeof name !== 'string') return undefined;
          read.add(name);
          return new Placeholder(name);
        },
      });
      const query = build(db, placeholders).compile();
      const names = query.parameters.map((parameter) =>
        parameter instanceof Placeholder ? parameter.name : undefined,
      );
      const unused = [...read].filter((name) => !names.includes(name));
      if (unused.length > 0) {
        throw new Error(
          `A prepared query read ${unused.map((name) => `values.${name}`).join(', ')} but has no parameter for ${unused.length === 1 ? 'it' : 'them'}: ` +
            'a placeholder tested or defaulted in the builder (values.x ?? y, if (values.x)) compiles as a constant. Put values into the query only as values.',
        );
      }
      entry = { query, names };
      compiled.set(adapter, entry);
      keepPreparedOnPostgres(query.sql);
    }
    return entry;
  }

  function run(db: Executor, values: Values) {
    const { query, names } = compile(db);
    const parameters = names.map((name, index) => {
      if (name === undefined) return query.parameters[index];
      const value = values[name];
      if (value === undefined) {
        throw new Error(
          `A prepared query needs values.${name}, and it is missing: a default in the builder (values.${name} ?? y) never applies, since the placeholder is always there. Pass it, null for none.`,
        );
      }
      return value;
    });
    return db.executeQuery<Row>({ ...query, parameters });
  }

  return {
    async execute(db, values) {
      return (await run(db, values)).rows;
    },
    async executeTakeFirst(db, values) {
      return (await run(db, values)).rows[0];
    },
    async executeChanges(db, values) {
      return (await run(db, values)).numAffectedRows ?? 0n;
    },
  };
}
