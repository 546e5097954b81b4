import type { Compilable, CompiledQuery, DialectAdapter, Kysely } from 'kysely';
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
 * pass them where Kysely expands a value into several parameters (`in` lists).
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
      const placeholders = new Proxy({} as Values, {
        get: (_target, name) => (typeof name === 'string' ? new Placeholder(name) : undefined),
      });
      const query = build(db, placeholders).compile();
      const names = query.parameters.map((parameter) =>
        parameter instanceof Placeholder ? parameter.name : undefined,
      );
      entry = { query, names };
      compiled.set(adapter, entry);
    }
    return entry;
  }

  function run(db: Executor, values: Values) {
    const { query, names } = compile(db);
    const parameters = names.map((name, index) =>
      name === undefined ? query.parameters[index] : values[name],
    );
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
