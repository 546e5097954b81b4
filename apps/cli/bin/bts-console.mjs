#!/usr/bin/env node
// Runs the bundle when `npm run build -w @bts-console/cli` made one, else the TypeScript source
// through tsx, so the command works straight after `npm install`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
