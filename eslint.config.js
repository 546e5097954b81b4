import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';

const webSource = join(import.meta.dirname, 'apps/web/src');
const webFeatures = readdirSync(join(webSource, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'url',
  'util',
  'stream',
];

const appsApart = { group: ['**/apps/*', '../../apps/**'], message: 'apps/ never import from each other.' };

/** Test support: test databases, the audit log's guard removed, test apps. Tests and benchmarks only. */
const testSupport = {
  group: ['@bts-console/db/testing', '**/testing', '**/testing/*', '**/test-support/*', '**/test-support'],
  message:
    'Test support (test databases, disableAuditAppendOnly, test apps) is for tests and benchmarks; production code may not import it.',
};

/** Files that may use test support. */
const testFiles = ['**/*.test.ts', '**/test-support/**', '**/testing/**', '**/bench/**', 'apps/*/test/**'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [appsApart] }],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|\\.{1,2}/)',
              message: 'packages/domain imports nothing but zod: it runs in the browser and in Node.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests run in Node under vitest; the rule above is about what ships to the browser.
    files: ['packages/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|vitest$|fast-check$|\\.{1,2}/)',
              message: 'packages/domain tests import only zod, vitest, fast-check and the package itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // Benchmarks run in Node, never in the browser: they may time with node:os and the like.
    files: ['packages/domain/bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  ...[[], [testSupport]].map((extra) => ({
    files: ['packages/x509/**/*.ts', 'packages/db/**/*.ts'],
    ...(extra.length > 0 ? { ignores: testFiles } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@bts-console/api', '@bts-console/web', '@bts-console/cli', 'express', 'react'],
              message: 'packages/ never import apps/ or their frameworks.',
            },
            ...extra,
          ],
        },
      ],
    },
  })),
  ...[[], [testSupport]].map((extra) => ({
    files: ['apps/api/**/*.ts'],
    ...(extra.length > 0 ? { ignores: testFiles } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [appsApart, ...extra],
        },
      ],
    },
  })),
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .filter((n) => !n.includes('*'))
            .map((name) => ({ name, message: 'The console runs in the browser.' })),
          patterns: [
            { group: ['node:*'], message: 'The console runs in the browser.' },
            {
              group: ['@bts-console/db', '@bts-console/x509', '@bts-console/api', '@bts-console/cli'],
              message: 'The console talks only to the REST API; it shares packages/domain alone.',
            },
          ],
        },
      ],
    },
  },
  {
    // The console's build steps run in Node, inside Vite; none of it reaches the browser.
    files: ['apps/web/build/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The console's layers, by the files imports resolve to (relative paths hide them from the rule above):
    // a feature is on its own, routes in src/app put features together, src/components and src/lib serve all.
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: webSource,
          zones: [
            ...webFeatures.map((feature) => ({
              target: `./features/${feature}`,
              from: './features',
              except: [`./${feature}`],
              message: 'Features do not import each other; move what both need to src/components or src/lib.',
            })),
            {
              target: './features',
              from: './app',
              message: 'Routes in src/app put features together; a feature does not import them.',
            },
            {
              target: ['./components', './lib'],
              from: ['./features', './app'],
              message: 'src/components and src/lib serve every feature, so they import none.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@bts-console/db', '@bts-console/api', '@bts-console/web', '@bts-console/x509'],
              message: 'The CLI talks only to the REST API; it shares packages/domain alone.',
            },
          ],
        },
      ],
    },
  },
);
