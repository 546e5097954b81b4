/*
 * Console benchmark (`npm run bench`): the built console, served by a real bts-console server on SQLite in
 * a temporary folder, driven in Chromium.
 *
 * 1. What the first screen loads: the sign-in page by its own address, and by a signed-out Send Ports deep link
 *    and the Send Ports page after signing in. The bytes
 *    Chromium received (its network events' encodedDataLength: headers and body as sent, compressed or not),
 *    once as a browser asks (Accept-Encoding: gzip, deflate, br, zstd) and once with Accept-Encoding:
 *    identity, which is what every visit transferred before the server compressed; also the JavaScript
 *    gzip-ed here, and index.html's script and modulepreload tags.
 * 2. Navigation to an interactive Send Ports list of an application with 10,000 send ports, which the console
 *    reads from the server a page at a time (docs/decisions/019): first rows drawn, then a click on the first
 *    row selects it (the page's own watcher reports the row, and the click is sent at once through Chromium's
 *    input; also measured as Playwright's locator clicked it before, whose checks run in the page meanwhile);
 *    before that, when the session check answered and when the console asked for the list (the resources'
 *    responseEnd and fetchStart).
 * 3. Select Certificate over ADMIN01's Other People store of 20,007 certificates: Browse... to first rows,
 *    then filtering per keystroke (keydown → the grid's rows changed).
 *
 * Options, for work on the list's first render:
 * - `--compare=<git ref>`: only part 2, with the console also built from that commit (its apps/web and
 *   packages, this checkout's node_modules) and served by a second server on a copy of the data; the two
 *   builds' visits alternate, so a change in the machine's load falls on both alike.
 * - `--runs=<n>`: visits per build (default 5).
 * - `--unminified`: the console built without minifying, so that a profile names the functions it samples.
 * - `--click=locator`: the list's first row clicked by Playwright's locator, as the bench clicked before.
 * - `--profile=<folder>`: one more visit per build recorded as a Chromium performance trace
 *   (`<folder>/<build>.trace.json`, which DevTools' Performance panel opens), and its main thread summed up:
 *   what ran from navigation to the first rows drawn, by kind of work and by the scripts' functions.
 *
 * The group is the demo group grown by the REST API benchmark's generator (apps/api/bench/large-group.ts:
 * 20,000 certificates in every computer's Other People store, rows that share one real certificate's DER
 * under random thumbprints), plus an application Bench.Large of 10,000 send ports written here.
 */
/* eslint-disable no-restricted-imports -- a Node script that starts the server and writes its database;
   the rule keeps Node and the database out of the console's browser code, which this file is not part of. */
import { createApplication, createSendPort, openDatabase } from '@bts-console/db';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// A benchmark may reuse another app's benchmark data; shipped code never crosses apps.
import { growIntoLargeGroup } from '../../api/bench/large-group';
/* eslint-enable no-restricted-imports */

/** `--name=value` options; see the header. */
const option = (name: string) =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(option('runs') ?? 5);
const COMPARE_REF = option('compare');
const PROFILE_DIR = option('profile');
/** `--unminified`: the builds keep their functions' names, for reading a profile; slower, so not for figures. */
const MINIFY = process.argv.includes('--unminified') ? ['--minify', 'false'] : [];
const APPLICATION = 'Bench.Large';
const PORTS = 10_000;
const CONSOLE_COMPUTER = 'ADMIN01';
/** Typed, then erased, one key at a time; every prefix matches a different number of certificates. */
const SEARCH = '12345';
/** A keystroke's rows are updated once the grid has not changed for this long. */
const SETTLED_MS = 300;
const GOALS = { firstScreenKb: 300, transferredKb: 200, interactiveMs: 1000, keystrokeMs: 100 };

/** Chromium's resource types that are the console itself, not the API's data. */
const CONSOLE_FILES = new Set(['Document', 'Script', 'Stylesheet', 'Image', 'Font', 'Other']);

interface Transfer {
  url: string;
  type: string;
  /** Bytes received for it, headers included, as they came over the wire. */
  bytes: number;
  encoding: string | undefined;
}

/**
 * Watches what a page receives through the DevTools protocol, the only place Chromium says how many bytes
 * came over the wire. `identity` asks for uncompressed answers, as every visit got them before.
 */
async function watchTransfers(context: BrowserContext, page: Page, identity: boolean) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  const pending = new Map<string, Omit<Transfer, 'bytes'>>();
  const finished: Transfer[] = [];
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    pending.set(event.requestId, {
      url: event.response.url,
      type: event.type,
      encoding: headers['content-encoding'],
    });
  });
  cdp.on('Network.loadingFinished', (event) => {
    const response = pending.get(event.requestId);
    if (response) finished.push({ ...response, bytes: event.encodedDataLength });
  });
  return { finished: () => [...finished] };
}

interface Transferred {
  /** The console's own files: the page, scripts, styles, images. */
  consoleKb: number;
  scriptKb: number;
  /** Everything, the API's answers included. */
  allKb: number;
  compressed: number;
  requests: number;
}

function transferred(transfers: Transfer[]): Transferred {
  const sum = (list: Transfer[]) => list.reduce((total, transfer) => total + transfer.bytes, 0) / 1024;
  return {
    consoleKb: sum(transfers.filter((transfer) => CONSOLE_FILES.has(transfer.type))),
    scriptKb: sum(transfers.filter((transfer) => transfer.type === 'Script')),
    allKb: sum(transfers),
    compressed: transfers.filter((transfer) => transfer.encoding !== undefined).length,
    requests: transfers.length,
  };
}

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };

const root = new URL('../../..', import.meta.url).pathname;
const portName = (index: number) => `${APPLICATION}.SP.${String(index).padStart(5, '0')}`;

interface Server {
  baseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts apps/api/src/server.ts and waits until /api/health answers. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`The server did not answer /api/health within 120 s:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The large group, written while the server is stopped; returns how long it took. */
async function growGroup(dataDir: string): Promise<number> {
  const started = performance.now();
  const database = await openDatabase({ dataDir });
  try {
    const template = await database.db
      .selectFrom('certificates')
      .select('thumbprint')
      .where('subjectCommonName', '=', 'Contoso AS2 Encryption')
      .executeTakeFirstOrThrow();
    const now = new Date();
    const thumbprints = await growIntoLargeGroup(database.db, template.thumbprint, now);
    await database.db.transaction().execute(async (trx) => {
      const application = await createApplication(trx, {
        name: APPLICATION,
        description: 'Generated for the console benchmark',
        createdAt: now,
      });
      for (let index = 0; index < PORTS; index += 1) {
        // A third use a certificate, so the list shows common names and expiry badges.
        const thumbprint = index % 3 === 0 ? thumbprints[index % thumbprints.length] : undefined;
        await createSendPort(trx, {
          name: portName(index),
          applicationId: application.id,
          kind: 'Static One-way',
          status: 'Started',
          transportType: 'HTTP',
          uri: `https://partner-${index}.example/inbound`,
          sendHandlerHostId: null,
          sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
          certificate: thumbprint ? { thumbprint, commonName: 'Generated Partner' } : null,
          changedBy: 'bench',
          changedAt: now,
        });
      }
    });
  } finally {
    await database.close();
  }
  return performance.now() - started;
}

function buildConsole(outDir: string): void {
  const result = spawnSync(
    'npm',
    [
      'run',
      'build',
      '-w',
      '@bts-console/web',
      '--',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
      ...MINIFY,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) throw new Error('Building the console failed.');
}

/**
 * The console as it was at `ref`: its apps/web and packages taken out of git into `work`, built there with
 * this checkout's installed packages (the workspace packages are the ref's own).
 */
function buildConsoleAt(ref: string, work: string, outDir: string): string {
  const commit = spawnSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' });
  if (commit.status !== 0) throw new Error(`Not a commit: ${ref}`);
  const source = join(work, 'source');
  mkdirSync(source, { recursive: true });
  const archive = spawnSync(
    'git',
    ['archive', ref, 'apps/web', 'packages', 'tsconfig.base.json', 'package.json'],
    {
      cwd: root,
      maxBuffer: 1 << 30,
    },
  );
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString()}`);
  const tar = spawnSync('tar', ['-x', '-C', source], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`Unpacking ${ref} failed: ${tar.stderr.toString()}`);
  const modules = join(source, 'node_modules');
  mkdirSync(join(modules, '@bts-console'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '@bts-console' && entry !== '.bin')
      symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const name of readdirSync(join(source, 'packages'))) {
    symlinkSync(join(source, 'packages', name), join(modules, '@bts-console', name));
  }
  symlinkSync(join(root, 'apps/web/node_modules'), join(source, 'apps/web/node_modules'));
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
      ...MINIFY,
    ],
    { cwd: join(source, 'apps/web'), stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`Building the console at ${ref} failed.`);
  return commit.stdout.trim();
}

/** Progress goes to stderr, so stdout stays the markdown report. */
const progress = (step: string) => process.stderr.write(`[bench-console] ${step}\n`);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const max = (values: number[]) => Math.max(...values);

async function signIn(page: Page, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'User name' }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Static: index.html's script and modulepreload tags, the files a browser fetches before any code runs. */
function entryScripts(consoleDir: string): { files: number; raw: number; gzip: number } {
  const html = readFileSync(join(consoleDir, 'index.html'), 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((match) => match[1]!);
  const bodies = sources.map((source) => readFileSync(join(consoleDir, source)));
  return {
    files: bodies.length,
    raw: bodies.reduce((sum, body) => sum + body.length, 0),
    gzip: bodies.reduce((sum, body) => sum + gzipSync(body).length, 0),
  };
}

interface Loaded {
  files: number;
  raw: number;
  gzip: number;
}

/** Measured: every JavaScript response of a signed-out visit to a Send Ports deep link, then after sign-in. */
async function firstScreenScripts(
  browser: Browser,
  baseUrl: string,
  password: string,
  identity = false,
): Promise<{ signIn: Loaded; sendPorts: Loaded; signInSent: Transferred; sendPortsSent: Transferred }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  const page = await context.newPage();
  const transfers = await watchTransfers(context, page, identity);
  const bodies = new Map<string, Promise<Buffer>>();
  let lastScriptAt = Date.now();
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!type.includes('javascript') || bodies.has(response.url())) return;
    lastScriptAt = Date.now();
    bodies.set(response.url(), response.body());
  });
  const quiet = async () => {
    while (Date.now() - lastScriptAt < 1500) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const total = async (urls: string[]): Promise<Loaded> => {
    const loaded = await Promise.all(urls.map((url) => bodies.get(url)!));
    return {
      files: loaded.length,
      raw: loaded.reduce((sum, body) => sum + body.length, 0),
      gzip: loaded.reduce((sum, body) => sum + gzipSync(body).length, 0),
    };
  };

  await page.goto(`/applications/${APPLICATION}/send-ports`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await quiet();
  const signInUrls = [...bodies.keys()];
  const signInSent = transferred(transfers.finished());
  await signIn(page, password);
  await page
    .getByRole('grid', { name: 'Send Ports' })
    .locator('[aria-rowindex="2"]')
    .waitFor({ timeout: 120_000 });
  if (!page.url().endsWith(`/applications/${APPLICATION}/send-ports`))
    throw new Error(`Sign-in did not return to the deep link; the page is at ${page.url()}.`);
  await quiet();
  const result = {
    signIn: await total(signInUrls),
    sendPorts: await total([...bodies.keys()]),
    signInSent,
    sendPortsSent: transferred(transfers.finished()),
  };
  await context.close();
  return result;
}

/** What a visit straight to /sign-in transfers, until the network has been idle for half a second. */
async function signInPageSent(browser: Browser, baseUrl: string, identity = false): Promise<Transferred> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  const page = await context.newPage();
  const transfers = await watchTransfers(context, page, identity);
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const sent = transferred(transfers.finished());
  await context.close();
  return sent;
}

interface ListRun {
  listServerMs: number;
  /** When the console asked for the list, and when the session check had answered: the waterfall before it. */
  listRequestMs: number;
  sessionResponseMs: number;
  rowsMs: number;
  interactiveMs: number;
  clickToSelectedMs: number;
  listResponseMs: number;
  /** The list's answer as it came over the wire. */
  listKb: number;
  listEncoding: string;
}

/**
 * How the bench clicks the first row once it is drawn. `dispatched`: the page's own watcher (an init script,
 * checking at every animation frame) reports the row and where it is, and the bench sends a mouse click there
 * through Chromium's input pipeline at once; nothing of the bench's runs in the page meanwhile. `locator`: as
 * the bench clicked before, Playwright's `waitForFunction`, then its locator's click, whose selector engine
 * and actionability checks (the row stable over two frames, hit-tested) run in the page's main thread
 * between the first rows and the click, and count in what it measures.
 */
type ClickBy = 'dispatched' | 'locator';
const CLICK_BY: ClickBy = option('click') === 'locator' ? 'locator' : 'dispatched';

const FIRST_ROW = '[role="grid"][aria-label="Send Ports"] [role="row"][aria-rowindex="2"]';

/** What the page's watcher records, in the page's time (performance.now(), from the navigation's start). */
interface Watched {
  rowsAt?: number;
  selectedAt?: number;
  clickAt?: number;
}

/**
 * Runs in the page before its own scripts: at every animation frame until the first row is selected, marks
 * when the first row is drawn (and calls `benchRowsDrawn` with its centre, where Playwright's locator clicks)
 * and when it is selected (and calls `benchSelected`); `benchWatched` holds the times (Watched). The marks name
 * the moments in a trace. A script's text, not a function: tsx would add helpers to a function's text that the
 * page does not have.
 */
const WATCH_FIRST_ROW = `(() => {
  const watched = {};
  window.benchWatched = watched;
  document.addEventListener('click', (event) => { watched.clickAt = event.timeStamp; }, { capture: true, once: true });
  const check = () => {
    const row = document.querySelector(${JSON.stringify(FIRST_ROW)});
    if (row && watched.rowsAt === undefined) {
      performance.mark('bench-rows');
      watched.rowsAt = performance.now();
      const box = row.getBoundingClientRect();
      window.benchRowsDrawn?.({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    }
    if (row && row.getAttribute('aria-selected') === 'true') {
      performance.mark('bench-selected');
      watched.selectedAt = performance.now();
      window.benchSelected?.();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

/** One cold visit (new context, empty cache) to the Send Ports deep link of the 10,000-port application. */
async function sendPortsList(
  browser: Browser,
  baseUrl: string,
  storageState: string,
  {
    identity = false,
    clickBy = CLICK_BY,
    tracePath,
  }: {
    identity?: boolean;
    clickBy?: ClickBy;
    /** Records the visit as a performance trace in this file (PROFILE_DIR). */
    tracePath?: string;
  } = {},
): Promise<ListRun> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, storageState });
  const page = await context.newPage();
  const transfers = await watchTransfers(context, page, identity);
  let reportSelected = () => {};
  const selected = new Promise<void>((resolve) => (reportSelected = resolve));
  await page.exposeFunction('benchSelected', () => reportSelected());
  if (clickBy === 'dispatched') {
    await page.exposeFunction('benchRowsDrawn', (point: { x: number; y: number }) => {
      // Not awaited here: the page waits for nothing, and a failed click shows as no selection.
      void page.mouse.click(point.x, point.y);
    });
  }
  await page.addInitScript({ content: WATCH_FIRST_ROW });
  if (tracePath) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.goto(`/applications/${APPLICATION}/send-ports`, { waitUntil: 'commit' });
  if (clickBy === 'locator') {
    await page.waitForFunction(
      () => (window as unknown as { benchWatched: Watched }).benchWatched.rowsAt !== undefined,
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    await page.getByRole('grid', { name: 'Send Ports' }).locator('[aria-rowindex="2"]').click();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    selected,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('The Send Ports grid never showed its first row selected.')),
        180_000,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  const seen = await page.evaluate(() => {
    const row = document.querySelector('[role="grid"][aria-label="Send Ports"]');
    const resources = performance
      .getEntriesByType('resource')
      .map((entry) => entry as PerformanceResourceTiming);
    return {
      watched: (window as unknown as { benchWatched: Watched }).benchWatched,
      rowCount: Number(row?.getAttribute('aria-rowcount')),
      list: resources.find((entry) =>
        /\/api\/applications\/[^/]+\/send-ports$/.test(new URL(entry.name).pathname),
      ),
      session: resources.find((entry) => new URL(entry.name).pathname === '/api/session'),
    };
  });
  const { rowsAt, selectedAt, clickAt } = seen.watched;
  if (rowsAt === undefined || selectedAt === undefined || clickAt === undefined)
    throw new Error('The page did not record its first rows, the click and the selection.');
  if (seen.rowCount !== PORTS + 1)
    throw new Error(`The Send Ports grid lists ${seen.rowCount - 1} rows, not ${PORTS}.`);
  const list = transfers
    .finished()
    .find((transfer) => /\/api\/applications\/[^/]+\/send-ports$/.test(new URL(transfer.url).pathname));
  if (tracePath) {
    // Let the trace take in what follows too (DevTools shows it), then stop.
    await page.waitForTimeout(500);
    writeFileSync(tracePath, await browser.stopTracing());
  }
  await context.close();
  return {
    listKb: (list?.bytes ?? NaN) / 1024,
    listEncoding: list?.encoding ?? 'none',
    rowsMs: rowsAt,
    interactiveMs: selectedAt,
    clickToSelectedMs: selectedAt - clickAt,
    listResponseMs: seen.list?.responseEnd ?? NaN,
    listServerMs: (seen.list?.responseStart ?? NaN) - (seen.list?.requestStart ?? NaN),
    listRequestMs: seen.list?.fetchStart ?? NaN,
    sessionResponseMs: seen.session?.responseEnd ?? NaN,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      startTime?: number;
      cpuProfile?: {
        nodes?: {
          id: number;
          parent?: number;
          callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

interface Summary {
  /** Main-thread work by kind (self time), ms. */
  work: [string, number][];
  /** The scripts' functions (self time from the sampling profiler), ms. */
  functions: [string, number][];
  /** The same samples summed by script file. */
  files: [string, number][];
}

interface Profiled {
  rowsMs: number;
  selectedMs: number;
  /** Navigation to the first rows drawn. */
  toRows: Summary;
  /** First rows drawn to the first row selected by the bench's click (what "interactive" adds). */
  toSelected: Summary;
}

/** Self times of the complete events on one thread: each event's duration less that of the events inside it. */
function selfTimes(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const sorted = events
    .filter(
      (event) => event.ph === 'X' && event.dur !== undefined && event.ts < to && event.ts + event.dur! > from,
    )
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals = new Map<string, number>();
  const stack: { event: TraceEvent; children: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.event.ts + top.event.dur! > until) break;
      stack.pop();
      const clipped = Math.min(top.event.ts + top.event.dur!, to) - Math.max(top.event.ts, from);
      totals.set(top.event.name, (totals.get(top.event.name) ?? 0) + Math.max(0, clipped - top.children));
      if (stack.length > 0) stack[stack.length - 1]!.children += Math.max(0, clipped);
    }
  };
  for (const event of sorted) {
    close(event.ts);
    stack.push({ event, children: 0 });
  }
  close(Infinity);
  return totals;
}

const top = (totals: Map<string, number>, count: number): [string, number][] =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => [name, us / 1000]);

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'loading',
  'toplevel',
];

/** One more visit to the list (sendPortsList's), recorded as a performance trace; see PROFILE_DIR. */
async function profileListVisit(
  browser: Browser,
  baseUrl: string,
  storageState: string,
  path: string,
): Promise<Profiled> {
  const run = await sendPortsList(browser, baseUrl, storageState, { tracePath: path });
  const trace = readFileSync(path);
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const rowsMark = events.find((event) => event.name === 'bench-rows');
  const selectedMark = events.find((event) => event.name === 'bench-selected');
  if (!rowsMark || !selectedMark) throw new Error('The trace lacks the bench-rows or bench-selected mark.');
  const navigation = events.find(
    (event) => event.name === 'navigationStart' && event.pid === rowsMark.pid && event.ts < rowsMark.ts,
  );
  const mainThread = events.find(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      event.pid === rowsMark.pid &&
      event.args?.name === 'CrRendererMain',
  );
  if (!navigation || !mainThread) throw new Error('The trace has no navigation or main thread.');
  return {
    rowsMs: run.rowsMs,
    selectedMs: run.interactiveMs,
    toRows: summarise(events, mainThread, navigation.ts, rowsMark.ts),
    toSelected: summarise(events, mainThread, rowsMark.ts, selectedMark.ts),
  };
}

/** The main thread's work from `from` to `to` (trace time, µs). */
function summarise(events: TraceEvent[], mainThread: TraceEvent, from: number, to: number): Summary {
  const work = selfTimes(
    events.filter((event) => event.pid === mainThread.pid && event.tid === mainThread.tid),
    from,
    to,
  );

  // The sampling profiler's chunks: nodes and samples, each sample's time a delta from the one before.
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const nodes = new Map<
    number,
    { functionName: string; url: string; lineNumber: number; columnNumber: number }
  >();
  const profile = events.find((event) => event.name === 'Profile' && event.pid === mainThread.pid);
  let time = profile?.args?.data?.startTime ?? 0;
  let previous: number | undefined;
  for (const chunk of events.filter(
    (event) => event.name === 'ProfileChunk' && event.pid === mainThread.pid && event.id === profile?.id,
  )) {
    const cpuProfile = chunk.args?.data?.cpuProfile;
    for (const node of cpuProfile?.nodes ?? []) nodes.set(node.id, node.callFrame);
    const deltas = chunk.args?.data?.timeDeltas ?? [];
    for (const [index, sample] of (cpuProfile?.samples ?? []).entries()) {
      time += deltas[index] ?? 0;
      if (previous !== undefined && time > from && time <= to) {
        const frame = nodes.get(previous);
        if (frame && frame.url) {
          const file = frame.url.replace(/^.*\//, '');
          const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
          functions.set(key, (functions.get(key) ?? 0) + (deltas[index] ?? 0));
          files.set(file, (files.get(file) ?? 0) + (deltas[index] ?? 0));
        } else if (frame) {
          const key = frame.functionName ? `(${frame.functionName.replace(/[()]/g, '')})` : '(native)';
          functions.set(key, (functions.get(key) ?? 0) + (deltas[index] ?? 0));
        }
      }
      previous = sample;
    }
  }
  return { work: top(work, 14), functions: top(functions, 25), files: top(files, 12) };
}

function printProfile(label: string, profiled: Profiled, path: string): void {
  const spans: [string, Summary][] = [
    [`navigation → first rows drawn at ${ms(profiled.rowsMs)} ms`, profiled.toRows],
    [`first rows → first row selected by a click at ${ms(profiled.selectedMs)} ms`, profiled.toSelected],
  ];
  console.log(`\n#### Profile: ${label} (${path})`);
  for (const [span, summary] of spans) {
    console.log(`\n| ${span}: main thread, by kind of work (self time) | ms |`);
    console.log('|---|---:|');
    for (const [name, value] of summary.work) console.log(`| ${name} | ${value.toFixed(1)} |`);
    console.log(`\n| ${span}: scripts, by file (sampled self time) | ms |`);
    console.log('|---|---:|');
    for (const [name, value] of summary.files) console.log(`| ${name} | ${value.toFixed(1)} |`);
    console.log(`\n| ${span}: functions (sampled self time) | ms |`);
    console.log('|---|---:|');
    for (const [name, value] of summary.functions) console.log(`| \`${name}\` | ${value.toFixed(1)} |`);
  }
}

interface Keystroke {
  key: string;
  ms: number;
  /** False when the keystroke left the grid as it was; ms is then the time until the page was idle. */
  changed: boolean;
  rows: number;
}

interface SelectRun {
  openMs: number;
  storeResponseMs: number;
  storeServerMs: number;
  storeKb: number;
  certificates: number;
  keystrokes: Keystroke[];
}

/** Opens Select Certificate from a send port's Certificate page, then types and erases SEARCH. */
async function selectCertificate(
  browser: Browser,
  baseUrl: string,
  storageState: string,
): Promise<SelectRun> {
  const context: BrowserContext = await browser.newContext({
    baseURL: baseUrl,
    viewport: VIEWPORT,
    storageState,
  });
  const page = await context.newPage();
  const port = portName(1);
  await page.goto(`/applications/${APPLICATION}/send-ports/${port}/properties/certificate`);
  const properties = page.getByRole('dialog', { name: `Send Port Properties - ${port}` });
  await properties.getByRole('tab', { name: 'Certificate' }).waitFor();
  const browse = properties.getByRole('button', { name: 'Browse...' });
  await browse.waitFor();
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      (event) => ((window as unknown as { benchClickAt: number }).benchClickAt = event.timeStamp),
      { capture: true, once: true },
    );
  });
  await browse.click();
  const opened = await (
    await page.waitForFunction(
      () => {
        const grid = document.querySelector('[role="dialog"] [role="grid"][aria-label="Certificates"]');
        if (!grid?.querySelector('[role="row"][aria-rowindex="2"]')) return null;
        const clickAt = (window as unknown as { benchClickAt: number }).benchClickAt;
        const store = performance
          .getEntriesByType('resource')
          .map((entry) => entry as PerformanceResourceTiming)
          .find((entry) => new URL(entry.name).pathname.endsWith('/stores/other-people/certificates'));
        return {
          ms: performance.now() - clickAt,
          responseMs: (store?.responseEnd ?? NaN) - clickAt,
          serverMs: (store?.responseStart ?? NaN) - (store?.requestStart ?? NaN),
          kb: (store?.encodedBodySize ?? NaN) / 1024,
          rows: Number(grid.getAttribute('aria-rowcount')) - 1,
        };
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    )
  ).jsonValue();
  if (!opened) throw new Error('Select Certificate never showed its first row.');
  const dialog = page.getByRole('dialog', { name: 'Select Certificate' });
  const search = dialog.getByRole('searchbox', { name: 'Search certificates' });
  await search.click();
  await page.evaluate(() => {
    type Watch = { at: number; updatedAt: number | null } | null;
    const state = window as unknown as { benchKeystroke: Watch };
    const grid = document.querySelector('[role="dialog"] [role="grid"][aria-label="Certificates"]')!;
    state.benchKeystroke = null;
    document.activeElement?.addEventListener(
      'keydown',
      (event) => (state.benchKeystroke = { at: event.timeStamp, updatedAt: null }),
      { capture: true },
    );
    // Rows added, removed or moved, and the row count: what the grid's user sees change.
    new MutationObserver(() => {
      if (state.benchKeystroke) state.benchKeystroke.updatedAt = performance.now();
    }).observe(grid, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['aria-rowcount', 'style'],
    });
  });

  const keystrokes: Keystroke[] = [];
  const keys = [...SEARCH.split(''), ...SEARCH.split('').map(() => 'Backspace')];
  for (const [index, key] of keys.entries()) {
    await page.keyboard.press(key);
    const expected = SEARCH.slice(0, index < SEARCH.length ? index + 1 : keys.length - index - 1);
    if ((await search.inputValue()) !== expected)
      throw new Error(`The search box holds "${await search.inputValue()}", not "${expected}".`);
    // Done when the main thread has gone idle (React has rendered the deferred filter and committed it)
    // and the grid has not changed for SETTLED_MS; the time is that of the grid's last change.
    const settled = await page.evaluate(async (quietMs) => {
      const state = window as unknown as { benchKeystroke: { at: number; updatedAt: number | null } | null };
      for (;;) {
        // No named functions in here: the page cannot see the helpers tsx adds for them.
        const idleAt = await new Promise<number>((resolve) =>
          requestIdleCallback(() => resolve(performance.now())),
        );
        const keystroke = state.benchKeystroke;
        if (keystroke && idleAt - (keystroke.updatedAt ?? keystroke.at) >= quietMs) {
          const grid = document.querySelector('[role="dialog"] [role="grid"][aria-label="Certificates"]');
          return {
            ms: (keystroke.updatedAt ?? idleAt) - keystroke.at,
            changed: keystroke.updatedAt !== null,
            rows: Number(grid?.getAttribute('aria-rowcount')) - 1,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }, SETTLED_MS);
    keystrokes.push({ key, ...settled });
  }
  await context.close();
  return {
    openMs: opened.ms,
    storeResponseMs: opened.responseMs,
    storeServerMs: opened.serverMs,
    storeKb: opened.kb,
    certificates: opened.rows,
    keystrokes,
  };
}

/** A signed-in browser state for `baseUrl`, saved to `path`. */
async function signedInState(
  browser: Browser,
  baseUrl: string,
  password: string,
  path: string,
): Promise<string> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signIn(page, password);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await context.storageState({ path });
  await context.close();
  return path;
}

interface Build {
  label: string;
  /** For file names. */
  name: string;
  baseUrl: string;
  consoleDir: string;
}

/** `--compare`: the list's visits on two builds, taken in turn; see the header. */
async function compareLists(
  browser: Browser,
  work: string,
  password: string,
  loadAtStart: string,
  generationMs: number,
  builds: Build[],
): Promise<void> {
  const states = await Promise.all(
    builds.map((build) => signedInState(browser, build.baseUrl, password, join(work, `${build.name}.json`))),
  );
  const runs: ListRun[][] = builds.map(() => []);
  progress(`opening the ${PORTS}-port list ${RUNS} times on each of ${builds.length} builds, in turn`);
  for (let run = 0; run < RUNS; run += 1) {
    // Each run starts with the other build, so neither is always the one after a pause.
    const order = builds.map((_, index) => (run % 2 === 0 ? index : builds.length - 1 - index));
    for (const index of order)
      runs[index]!.push(await sendPortsList(browser, builds[index]!.baseUrl, states[index]!));
  }
  const profiles: { build: Build; profiled: Profiled; path: string }[] = [];
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    for (const [index, build] of builds.entries()) {
      progress(`profiling a visit on ${build.label}`);
      const path = join(PROFILE_DIR, `${build.name}.trace.json`);
      profiles.push({
        build,
        profiled: await profileListVisit(browser, build.baseUrl, states[index]!, path),
        path,
      });
    }
  }

  console.log('\n### Console benchmark: the Send Ports list, two builds in turn\n');
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Chromium ${browser.version()} headless, ` +
      `SQLite in a temporary folder; load average at start ${loadAtStart}. ` +
      `Large group written in ${(generationMs / 1000).toFixed(1)} s. ${RUNS} visits per build, each in a new browser context (empty cache), the builds in turn.\n`,
  );
  console.log(
    `| Bench.Large: ${PORTS.toLocaleString('en-US')} send ports, ms (median; max) | ${builds.map((build) => build.label).join(' | ')} | ratio |`,
  );
  console.log(`|---|${builds.map(() => '---:|').join('')}---:|`);
  const row = (label: string, pick: (run: ListRun) => number) => {
    const medians = runs.map((list) => median(list.map(pick)));
    const cells = runs.map((list, index) => `${ms(medians[index]!)}; ${ms(max(list.map(pick)))}`);
    console.log(
      `| ${label} | ${cells.join(' | ')} | ${(medians[medians.length - 1]! / medians[0]!).toFixed(2)} |`,
    );
  };
  row('Navigation → session check answered', (run) => run.sessionResponseMs);
  row('Navigation → list requested', (run) => run.listRequestMs);
  row('Navigation → list response received', (run) => run.listResponseMs);
  row('Navigation → first rows drawn', (run) => run.rowsMs);
  row('Navigation → first row selected by a click (interactive)', (run) => run.interactiveMs);
  row('of which click → row selected', (run) => run.clickToSelectedMs);
  console.log(
    `\n| First-screen JavaScript, index.html's script + modulepreload tags | ${builds.map((build) => build.label).join(' | ')} |`,
  );
  console.log(`|---|${builds.map(() => '---:|').join('')}`);
  const entries = builds.map((build) => entryScripts(build.consoleDir));
  console.log(
    `| files; raw KB; gzip KB | ${entries.map((entry) => `${entry.files}; ${kb(entry.raw)}; ${kb(entry.gzip)}`).join(' | ')} |`,
  );
  for (const { build, profiled, path } of profiles) printProfile(build.label, profiled, path);
  console.log(
    `\nLoad average at end ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}.`,
  );
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bts-console-bench-web-'));
  const dataDir = join(work, 'data');
  const consoleDir = join(work, 'console');
  const password = randomBytes(18).toString('base64url');
  let server: Server | undefined;
  let refServer: Server | undefined;
  let browser: Browser | undefined;
  try {
    const loadAtStart = loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
    progress('building the console');
    buildConsole(consoleDir);
    const env = {
      PORT: String(await freePort()),
      BTS_DATA_DIR: dataDir,
      BTS_WEB_DIST: consoleDir,
      BTS_ADMIN_PASSWORD: password,
      BTS_OPERATOR_PASSWORD: randomBytes(18).toString('base64url'),
      BTS_READER_PASSWORD: randomBytes(18).toString('base64url'),
      BTS_SEED: 'demo',
      LOG_LEVEL: 'warn',
    };
    // The first start seeds the demo group and its users; the large group is added while it is stopped.
    await (await startServer(env)).stop();
    progress('writing the large group');
    const generationMs = await growGroup(dataDir);
    if (COMPARE_REF) {
      progress(`building the console at ${COMPARE_REF}`);
      const refDir = join(work, 'console-ref');
      const commit = buildConsoleAt(COMPARE_REF, join(work, 'ref'), refDir);
      const refDataDir = join(work, 'data-ref');
      cpSync(dataDir, refDataDir, { recursive: true });
      server = await startServer(env);
      refServer = await startServer({
        ...env,
        PORT: String(await freePort()),
        BTS_DATA_DIR: refDataDir,
        BTS_WEB_DIST: refDir,
      });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
      await compareLists(browser, work, password, loadAtStart, generationMs, [
        { label: `${COMPARE_REF} (${commit})`, name: 'ref', baseUrl: refServer.baseUrl, consoleDir: refDir },
        { label: 'this checkout', name: 'this', baseUrl: server.baseUrl, consoleDir },
      ]);
      return;
    }
    server = await startServer(env);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    progress('measuring the first screen');
    const entry = entryScripts(consoleDir);
    const firstScreen = await firstScreenScripts(browser, server.baseUrl, password);
    const uncompressed = await firstScreenScripts(browser, server.baseUrl, password, true);
    const signInDirect = await signInPageSent(browser, server.baseUrl);
    const signInDirectIdentity = await signInPageSent(browser, server.baseUrl, true);

    const storageState = await signedInState(browser, server.baseUrl, password, join(work, 'signed-in.json'));

    const lists: ListRun[] = [];
    progress(`opening the ${PORTS}-port list ${RUNS} times`);
    const identityLists: ListRun[] = [];
    // The same visits clicked as the bench clicked before (--click=locator), for comparison with earlier figures.
    const locatorLists: ListRun[] = [];
    // Alternated, so that a change in the machine's load falls on both alike.
    for (let run = 0; run < RUNS; run += 1) {
      lists.push(await sendPortsList(browser, server.baseUrl, storageState));
      identityLists.push(await sendPortsList(browser, server.baseUrl, storageState, { identity: true }));
      locatorLists.push(await sendPortsList(browser, server.baseUrl, storageState, { clickBy: 'locator' }));
    }
    let profiled: Profiled | undefined;
    const profilePath = PROFILE_DIR ? join(PROFILE_DIR, 'this.trace.json') : '';
    if (PROFILE_DIR) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      progress('profiling a visit');
      profiled = await profileListVisit(browser, server.baseUrl, storageState, profilePath);
    }
    const selects: SelectRun[] = [];
    progress(`opening and filtering Select Certificate ${RUNS} times`);
    for (let run = 0; run < RUNS; run += 1)
      selects.push(await selectCertificate(browser, server.baseUrl, storageState));

    const version = browser.version();
    const keystrokeTimes = selects.flatMap((run) => run.keystrokes.map((keystroke) => keystroke.ms));
    const unchanged = selects.flatMap((run) => run.keystrokes).filter((keystroke) => !keystroke.changed);
    const column = <T>(values: T[], pick: (value: T) => number) => {
      const picked = values.map(pick);
      return `${ms(median(picked))} | ${ms(max(picked))}`;
    };
    const verdict = (met: boolean) => (met ? 'met' : '**NOT met**');
    const largest = Math.max(firstScreen.signIn.gzip, firstScreen.sendPorts.gzip);

    console.log('\n### Console benchmark\n');
    console.log(
      `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Chromium ${version} headless, ` +
        `SQLite in a temporary folder; load average at start ${loadAtStart}. ` +
        `Large group written in ${(generationMs / 1000).toFixed(1)} s. Timings: ${RUNS} runs, each in a new browser context (empty cache).\n`,
    );
    console.log('| First-screen JavaScript | files | raw KB | gzip KB |');
    console.log('|---|---:|---:|---:|');
    console.log(
      `| index.html script + modulepreload tags (static) | ${entry.files} | ${kb(entry.raw)} | ${kb(entry.gzip)} |`,
    );
    console.log(
      `| Loaded by the sign-in page (signed-out deep link) | ${firstScreen.signIn.files} | ${kb(firstScreen.signIn.raw)} | ${kb(firstScreen.signIn.gzip)} |`,
    );
    console.log(
      `| Loaded by sign-in + the Send Ports deep link it returns to | ${firstScreen.sendPorts.files} | ${kb(firstScreen.sendPorts.raw)} | ${kb(firstScreen.sendPorts.gzip)} |`,
    );
    const sentRow = (label: string, sent: Transferred, before: Transferred) =>
      console.log(
        `| ${label} | ${kb(sent.consoleKb * 1024)} | ${kb(sent.scriptKb * 1024)} | ${kb(sent.allKb * 1024)} | ${sent.compressed} of ${sent.requests} | ${kb(before.consoleKb * 1024)} | ${kb(before.allKb * 1024)} |`,
      );
    console.log(
      '\n| Transferred (bytes Chromium received, headers included), KB | console files | of which scripts | everything | compressed answers | identity: console files | identity: everything |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    sentRow('Sign-in page (/sign-in)', signInDirect, signInDirectIdentity);
    sentRow('Sign-in page (signed-out deep link)', firstScreen.signInSent, uncompressed.signInSent);
    sentRow(
      'Sign-in + the Send Ports deep link it returns to',
      firstScreen.sendPortsSent,
      uncompressed.sendPortsSent,
    );
    console.log(
      `\n| ${APPLICATION}: ${PORTS.toLocaleString('en-US')} send ports, ms | median | max | identity: median |`,
    );
    console.log('|---|---:|---:|---:|');
    const both = (label: string, pick: (run: ListRun) => number) =>
      console.log(`| ${label} | ${column(lists, pick)} | ${ms(median(identityLists.map(pick)))} |`);
    both('Navigation → session check answered', (run) => run.sessionResponseMs);
    both('Navigation → list requested', (run) => run.listRequestMs);
    both('Navigation → list response received', (run) => run.listResponseMs);
    both("of which the API's time to first byte", (run) => run.listServerMs);
    both('Navigation → first rows drawn', (run) => run.rowsMs);
    both('Navigation → first row selected by a click (interactive)', (run) => run.interactiveMs);
    both('of which click → row selected', (run) => run.clickToSelectedMs);
    console.log(
      `| The same, clicked by Playwright's locator (its selector engine and checks running in the page) | ${column(locatorLists, (run) => run.interactiveMs)} | |`,
    );
    console.log(
      `| The list's first answer (a page of 200 ports) transferred, KB (${lists[0]?.listEncoding ?? '?'}; identity) | ${kb(median(lists.map((run) => run.listKb)) * 1024)} | | ${kb(median(identityLists.map((run) => run.listKb)) * 1024)} |`,
    );
    const certificates = selects[0]?.certificates ?? 0;
    console.log(
      `\n| Select Certificate, ${CONSOLE_COMPUTER} Other People (${certificates.toLocaleString('en-US')} certificates), ms | median | max |`,
    );
    console.log('|---|---:|---:|');
    console.log(`| Browse... click → first rows | ${column(selects, (run) => run.openMs)} |`);
    console.log(
      `| of which click → store response received | ${column(selects, (run) => run.storeResponseMs)} |`,
    );
    console.log(
      `| of which the API's time to first byte (${(selects[0]?.storeKb ?? NaN).toFixed(0)} KB body) | ${column(selects, (run) => run.storeServerMs)} |`,
    );
    console.log(
      `| Keystroke → rows updated (${keystrokeTimes.length} keystrokes: type "${SEARCH}", then Backspace ×${SEARCH.length}) | ${ms(median(keystrokeTimes))} | ${ms(max(keystrokeTimes))} |`,
    );
    for (const [index, key] of (selects[0]?.keystrokes ?? []).entries()) {
      const times = selects.flatMap((run) => {
        const value = run.keystrokes[index]?.ms;
        return value === undefined ? [] : [value];
      });
      if (times.length === 0) continue;
      console.log(
        `| … ${key.key === 'Backspace' ? 'Backspace' : `"${key.key}"`} → ${key.rows.toLocaleString('en-US')} rows | ${ms(median(times))} | ${ms(max(times))} |`,
      );
    }
    if (unchanged.length > 0)
      console.log(
        `\n${unchanged.length} keystrokes left the grid unchanged; their time is until the page was idle.`,
      );
    const interactive = median(lists.map((run) => run.interactiveMs));
    // The first screen is the sign-in page, whether asked for by its own address or by a signed-out deep link;
    // what the Send Ports page adds after sign-in is in the table above.
    const firstScreenSent = Math.max(signInDirect.consoleKb, firstScreen.signInSent.consoleKb);
    console.log(
      `\nGoals: first screen (the sign-in page) ≤ ${GOALS.transferredKb} KB transferred (${verdict(firstScreenSent <= GOALS.transferredKb)}: ${kb(firstScreenSent * 1024)} KB of console files); ` +
        `first-screen JavaScript ≤ ${GOALS.firstScreenKb} KB gzip (${verdict(largest / 1024 <= GOALS.firstScreenKb)}: ${kb(largest)} KB); ` +
        `${PORTS.toLocaleString('en-US')}-port list interactive ≤ ${GOALS.interactiveMs} ms (${verdict(interactive <= GOALS.interactiveMs)}: median ${ms(interactive)} ms); ` +
        `filtering ≤ ${GOALS.keystrokeMs} ms per keystroke (${verdict(median(keystrokeTimes) <= GOALS.keystrokeMs)}: median ${ms(median(keystrokeTimes))} ms, max ${ms(max(keystrokeTimes))} ms).`,
    );
    if (profiled) printProfile('this checkout', profiled, profilePath);
    console.log(
      `\nLoad average at end ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}.`,
    );
  } finally {
    await browser?.close();
    await server?.stop();
    await refServer?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
