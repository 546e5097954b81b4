// Finds a Chromium for the end-to-end tests, in the order the README documents:
// CHROMIUM_PATH, /usr/bin/chromium, a browser Playwright already installed,
// `npx playwright install chromium`, then `apt-get install -y chromium` on Debian/Ubuntu as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

function playwrightChromium() {
  try {
    const require = createRequire(new URL('../e2e/package.json', import.meta.url));
    const { chromium } = require('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isDebianLikeRoot() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  try {
    return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

export function findChromium({ install = true, log = console.error } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const installed = playwrightChromium();
  if (installed) return installed;
  if (!install) return undefined;

  log('No Chromium found; trying `npx playwright install chromium`…');
  const pw = spawnSync('npx', ['playwright', 'install', 'chromium'], {
    cwd: fileURLToPath(new URL('../e2e', import.meta.url)),
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (pw.status === 0) {
    const afterInstall = playwrightChromium();
    if (afterInstall) return afterInstall;
  }
  if (isDebianLikeRoot()) {
    log('Trying `apt-get install -y chromium`…');
    try {
      execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
    }
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(
    'The end-to-end tests need Chromium and none could be found or installed.\n' +
      'Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; elsewhere: `npx playwright install chromium`),\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome executable, then run `npm test` again.',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(findChromium());
}
