import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SOURCE = import.meta.dirname;

/** Every module of the CLI and the modules of the CLI it imports, type-only imports included. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(SOURCE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(SOURCE, file));
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const imported = importedFiles
        .map(({ fileName }) => fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => resolve(dirname(file), name))
        .map((path) => (existsSync(`${path}.ts`) ? `${path}.ts` : join(path, 'index.ts')));
      return [file, imported];
    }),
  );
}

/** The first cycle found, as the chain of modules that leads back to where it starts. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    const back = path.indexOf(file);
    if (back >= 0) return [...path.slice(back), file];
    if (done.has(file)) return null;
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe('the CLI modules', () => {
  // A command that imports the program that registers it (for CliContext, say) makes the load order
  // decide what is defined; type-only imports count too, because the next edit makes them values.
  it('import each other without a cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(10);
    const cycle = findCycle(graph);
    expect(cycle?.map((file) => relative(SOURCE, file)).join(' -> ') ?? null).toBeNull();
  });
});
