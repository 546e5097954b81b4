import type { Plugin } from 'vite';

/** The file the server reads (apps/api/src/http/console-files.ts). */
export const FIRST_MODULES_FILE = 'first-modules.json';

/** What a signed-in visit to a console page loads besides index.html's own scripts, by the page's path. */
export type FirstModules = { path: string; modules: string[] }[];

/**
 * Writes `first-modules.json`: for each console path pattern (a regular expression over the path), the
 * built files of its route modules and every file they import, less what index.html already loads. A
 * signed-in page asks for them while its scripts still load (the `Link` header of index.html, as the server
 * sends it), instead of once they have run and the router has matched the path.
 */
export function firstModules(routes: Record<string, string[]>): Plugin {
  return {
    name: 'bts-console:first-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
      const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const closure = (files: string[]) => {
        const seen = new Set<string>();
        const pending = [...files];
        for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
          if (seen.has(file)) continue;
          seen.add(file);
          pending.push(...(byFile.get(file)?.imports ?? []));
        }
        return seen;
      };
      const loaded = closure(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
      const fileOf = (module: string) => {
        const chunk = chunks.find((candidate) => candidate.facadeModuleId?.endsWith(module));
        if (!chunk) this.error(`No chunk starts with ${module}.`);
        return chunk.fileName;
      };
      const first: FirstModules = Object.entries(routes).map(([path, modules]) => ({
        path,
        modules: [...closure(modules.map(fileOf))]
          .filter((file) => !loaded.has(file))
          .map((file) => `/${file}`),
      }));
      this.emitFile({ type: 'asset', fileName: FIRST_MODULES_FILE, source: JSON.stringify(first) });
    },
  };
}
