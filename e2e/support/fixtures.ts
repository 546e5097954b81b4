import AxeBuilder from '@axe-core/playwright';
import {
  type APIRequestContext,
  type Locator,
  type Page,
  type TestInfo,
  test as base,
  expect,
  request as playwrightRequest,
} from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase, setHostInstanceState } from '@bts-console/db';
import { type JourneyServer, startJourneyServer } from './journey-server';

export { expect };

export type Role = 'admin' | 'operator' | 'reader';

function account(username: Role, role: string, passwordVariable: string) {
  return {
    username,
    role,
    /** Generated for the run by the global setup; read when used, as the workers inherit it. */
    get password(): string {
      return env(passwordVariable);
    },
  };
}

/** The accounts every journey server has, with passwords generated per run. */
export const ACCOUNTS: Record<Role, { username: string; password: string; role: string }> = {
  admin: account('admin', 'BizTalk Server Administrators', 'E2E_ADMIN_PASSWORD'),
  operator: account('operator', 'BizTalk Server Operators', 'E2E_OPERATOR_PASSWORD'),
  reader: account('reader', 'BizTalk Server Read Only Users', 'E2E_READER_PASSWORD'),
};

export const GROUP_NAME = 'BizTalk Group [SQL01:BizTalkMgmtDb]';
export const ORDERS_APP = 'Contoso.Orders';
export const ORDERS_AS2_PORT = 'SP.Orders.AS2';
export const INVOICING_APP = 'Fabrikam.Invoicing';
export const SHIPPING_APP = 'Northwind.Shipping';

/** The console's URLs for what has one (DESIGN §6: every node, dialog and page has its own). */
export const paths = {
  signIn: '/sign-in',
  certificatePage: (application: string, port: string) =>
    `/applications/${encodeURIComponent(application)}/send-ports/${encodeURIComponent(port)}/properties/certificate`,
};

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the journeys through playwright.config.ts (its global setup).`);
  }
  return value;
}

/** Signs in through the sign-in form, the way a person does, and waits for the console. */
export async function signIn(page: Page, role: Role): Promise<void> {
  const account = ACCOUNTS[role];
  if (page.url() === 'about:blank') await page.goto(paths.signIn);
  await page.getByRole('textbox', { name: 'User name' }).fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** An API session for setting the stage and checking outcomes; the journeys themselves use the console. */
export async function apiAs(serverUrl: string, role: Role): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({
    baseURL: serverUrl,
    // State-changing requests must come from the console's own origin.
    extraHTTPHeaders: { Origin: serverUrl },
  });
  const account = ACCOUNTS[role];
  const response = await context.post('/api/session', {
    data: { username: account.username, password: account.password },
  });
  expect(response.ok(), `signing in as ${role}: ${await response.text()}`).toBe(true);
  return context;
}

export type PortCertificate = { thumbprint: string; commonName: string | null; health: string } | null;
export type SendPortRow = {
  name: string;
  application: string;
  status: string;
  sendHandler: string | null;
  certificate: PortCertificate;
};
export type SendPortDetail = SendPortRow & {
  version: number;
  processingServers: { name: string; certificatePresent: boolean | null }[];
};
export type StoreCertificate = {
  thumbprint: string;
  subjectCommonName: string | null;
  notBefore: string;
  notAfter: string;
  keyUsage: string[] | null;
};

const portUrl = (name: string) => `/api/send-ports/${encodeURIComponent(name)}`;

export async function getSendPort(api: APIRequestContext, name: string): Promise<SendPortDetail> {
  const response = await api.get(portUrl(name));
  expect(response.ok(), `GET send port ${name}: ${await response.text()}`).toBe(true);
  return (await response.json()) as SendPortDetail;
}

/** Puts a port back to "no certificate" so a journey starts from a known state. */
export async function clearCertificate(api: APIRequestContext, name: string): Promise<void> {
  const response = await api.get(portUrl(name));
  expect(response.ok()).toBe(true);
  const port = (await response.json()) as SendPortDetail;
  if (port.certificate === null) return;
  const removed = await api.delete(`${portUrl(name)}/certificate`, {
    headers: { 'If-Match': response.headers()['etag'] ?? '' },
  });
  expect(removed.ok(), `removing the certificate of ${name}: ${await removed.text()}`).toBe(true);
}

/** Assigns a certificate through the API, to set the stage for a journey. */
export async function assignCertificate(
  api: APIRequestContext,
  name: string,
  thumbprint: string,
): Promise<void> {
  const response = await api.get(portUrl(name));
  expect(response.ok()).toBe(true);
  const assigned = await api.put(`${portUrl(name)}/certificate`, {
    headers: { 'If-Match': response.headers()['etag'] ?? '' },
    data: { thumbprint },
  });
  expect(assigned.ok(), `assigning ${thumbprint} to ${name}: ${await assigned.text()}`).toBe(true);
}

export async function storeCertificates(
  api: APIRequestContext,
  computer: string,
): Promise<StoreCertificate[]> {
  const response = await api.get(
    `/api/computers/${encodeURIComponent(computer)}/stores/other-people/certificates?limit=1000`,
  );
  expect(response.ok(), `GET the Other People store of ${computer}: ${await response.text()}`).toBe(true);
  const page = (await response.json()) as { items: StoreCertificate[]; total: number };
  // One page of the largest size: a store larger than that would need the next page, not a silent cut.
  expect(page.items.length, `the Other People store of ${computer} holds more than one page`).toBe(
    page.total,
  );
  return page.items;
}

/** The demo partner certificates, one per case of DESIGN §11, found by what they are rather than by name. */
export type DemoCertificates = {
  validEverywhere: StoreCertificate;
  expiringSoon: StoreCertificate;
  expired: StoreCertificate;
  signingOnly: StoreCertificate;
  consoleOnly: StoreCertificate;
  onBts01NotBts02: StoreCertificate;
  notYetValid: StoreCertificate;
};

const DAY = 24 * 60 * 60 * 1000;

function canEncrypt(certificate: StoreCertificate): boolean {
  if (certificate.keyUsage === null) return true;
  return certificate.keyUsage.some((usage) => /key\s*encipherment|data\s*encipherment/i.test(usage));
}

/** Reads the three stores of the demo group and picks the certificate for each case. */
export async function findDemoCertificates(api: APIRequestContext): Promise<DemoCertificates> {
  const [admin01, bts01, bts02] = await Promise.all(
    ['ADMIN01', 'BTS01', 'BTS02'].map((computer) => storeCertificates(api, computer)),
  );
  const holders = new Map<string, Set<string>>();
  const byThumbprint = new Map<string, StoreCertificate>();
  for (const [computer, items] of [
    ['ADMIN01', admin01],
    ['BTS01', bts01],
    ['BTS02', bts02],
  ] as const) {
    for (const certificate of items ?? []) {
      byThumbprint.set(certificate.thumbprint, certificate);
      holders.set(certificate.thumbprint, (holders.get(certificate.thumbprint) ?? new Set()).add(computer));
    }
  }
  const now = Date.now();
  const all = [...byThumbprint.values()];
  const on = (certificate: StoreCertificate, ...computers: string[]) => {
    const set = holders.get(certificate.thumbprint) ?? new Set();
    return set.size === computers.length && computers.every((computer) => set.has(computer));
  };
  const healthy = (certificate: StoreCertificate) =>
    canEncrypt(certificate) &&
    Date.parse(certificate.notBefore) <= now &&
    Date.parse(certificate.notAfter) > now + 60 * DAY;
  const pick = (label: string, predicate: (certificate: StoreCertificate) => boolean): StoreCertificate => {
    const found = all.find(predicate);
    if (!found) throw new Error(`The demo group has no certificate that is ${label}.`);
    return found;
  };
  return {
    validEverywhere: pick('valid everywhere', (c) => healthy(c) && on(c, 'ADMIN01', 'BTS01', 'BTS02')),
    expiringSoon: pick('expiring within 30 days', (c) => {
      const left = Date.parse(c.notAfter) - now;
      return canEncrypt(c) && left > 0 && left < 30 * DAY;
    }),
    expired: pick('expired', (c) => Date.parse(c.notAfter) < now),
    signingOnly: pick('for signing only', (c) => !canEncrypt(c)),
    consoleOnly: pick('on ADMIN01 only', (c) => healthy(c) && on(c, 'ADMIN01')),
    onBts01NotBts02: pick('on BTS01 but not BTS02', (c) => {
      const set = holders.get(c.thumbprint) ?? new Set();
      return healthy(c) && set.has('BTS01') && !set.has('BTS02');
    }),
    notYetValid: pick('not yet valid', (c) => Date.parse(c.notBefore) > now),
  };
}

/** The documented display form: ten groups of four. */
export function displayForm(thumbprint: string): string {
  return thumbprint.match(/.{4}/g)?.join(' ') ?? thumbprint;
}

/**
 * A fresh self-signed partner certificate for encryption made with openssl, as a .cer (DER) and a .pfx, with
 * its private key (PEM, so openssl can decrypt what is sent to it), in a temp folder.
 */
/**
 * The stage of the journeys where one processing server lacks a port's certificate (the procedure's warning):
 * the port, Started and handled by BizTalkServerApplication (BTS01 and BTS02), has no certificate, and the
 * partner's certificate is in BTS01's Other People store and nowhere else.
 */
export async function stagePartnerOnBts01Only(
  api: APIRequestContext,
  port: string,
  partner: { thumbprint: string; cerPath: string },
): Promise<void> {
  const storeUrl = (computer: string) => `/api/computers/${computer}/stores/other-people/certificates`;
  await clearCertificate(api, port);
  for (const computer of ['BTS01', 'BTS02']) await api.delete(`${storeUrl(computer)}/${partner.thumbprint}`);
  const detail = await getSendPort(api, port);
  expect(detail.status).toBe('Started');
  expect(detail.sendHandler).toBe('BizTalkServerApplication');
  const imported = await api.post(storeUrl('BTS01'), {
    data: readFileSync(partner.cerPath),
    headers: { 'Content-Type': 'application/pkix-cert' },
  });
  expect(imported.status(), await imported.text()).toBe(201);
}

/** Imports a partner's certificate into the Other People store of every computer of the demo group. */
export async function importIntoEveryStore(api: APIRequestContext, cerPath: string): Promise<void> {
  for (const computer of ['ADMIN01', 'BTS01', 'BTS02']) {
    const imported = await api.post(`/api/computers/${computer}/stores/other-people/certificates`, {
      headers: { 'Content-Type': 'application/octet-stream' },
      data: readFileSync(cerPath),
    });
    expect(imported.status(), `importing ${cerPath} into ${computer}`).toBe(201);
  }
}

export function makePartnerCertificate(
  commonName: string,
  options: { organization?: string; days?: number } = {},
): {
  folder: string;
  keyPath: string;
  cerPath: string;
  pfxPath: string;
  thumbprint: string;
  remove: () => void;
} {
  const folder = mkdtempSync(join(tmpdir(), 'bts-e2e-cert-'));
  const keyPath = join(folder, 'partner.key');
  const pemPath = join(folder, 'partner.pem');
  const cerPath = join(folder, 'partner.cer');
  const pfxPath = join(folder, 'partner.pfx');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      pemPath,
      '-days',
      String(options.days ?? 365),
      '-subj',
      `/CN=${commonName}/O=${options.organization ?? 'E2E Partner'}`,
      '-addext',
      'keyUsage=critical,keyEncipherment,dataEncipherment',
    ],
    // Its progress dots on standard error are noise in the report; a failure still carries them.
    { stdio: 'pipe' },
  );
  execFileSync('openssl', ['x509', '-in', pemPath, '-outform', 'DER', '-out', cerPath]);
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    keyPath,
    '-in',
    pemPath,
    '-out',
    pfxPath,
    '-passout',
    `pass:${randomBytes(8).toString('hex')}`,
  ]);
  const fingerprint = execFileSync('openssl', ['x509', '-in', pemPath, '-noout', '-fingerprint', '-sha1'])
    .toString()
    .trim();
  const thumbprint = fingerprint.replace(/^.*=/, '').replace(/:/g, '').toUpperCase();
  return {
    folder,
    keyPath,
    cerPath,
    pfxPath,
    thumbprint,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');

/** Keeps a screenshot of a main screen as a test artifact, attached to the report and in test-results/screenshots. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** Copies a kept screenshot to docs/screenshots for the README. */
export function publishScreenshot(path: string, name: string): void {
  const folder = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(folder, { recursive: true });
  copyFileSync(path, join(folder, name));
}

/**
 * One axe scan on a busy two-core machine: far above what a quiet one needs (a second or two), far below
 * the journey's own timeout, so a stuck scan is reported as such.
 */
const AXE_SCAN_TIMEOUT = 60_000;

let axeRegions = 0;

/*
 * axe-core at its latest version, the one this package depends on, whatever version the AxeBuilder was
 * released with: the builder's releases that support Node 20 bundle an older one (docs/decisions/024).
 */
const axeCore = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(axeCore.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = (
  JSON.parse(readFileSync(axeCore.resolve('axe-core/package.json'), 'utf8')) as { version: string }
).version;

/**
 * Waits until the transitions and animations in the regions (the whole page without any) have ended. A
 * control that has just changed state, such as a button enabled once a lookup answers, fades to its new
 * colours; scanned half way, its contrast is neither state's. Endless ones (a spinner) and paused ones are
 * not waited for.
 */
async function transitionsEnded(page: Page, regions: Locator[]): Promise<void> {
  for (const region of regions.length > 0 ? regions : [page.locator('body')]) {
    await region.evaluate(async (element) => {
      // Again after they end, for what their end set off; a few rounds, as nothing here chains more.
      for (let round = 0; round < 5; round += 1) {
        const running = element
          .getAnimations({ subtree: true })
          .filter(
            (animation) =>
              animation.playState === 'running' && animation.effect?.getComputedTiming().endTime !== Infinity,
          );
        if (running.length === 0) return;
        // A cancelled one rejects; it has ended all the same.
        await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
      }
    });
  }
}

/**
 * Scans with axe and fails on serious or critical violations, listing each with its elements. With
 * `regions`, only those parts of the page are scanned: the part the step brought up (a dialog, the results
 * pane), not the whole console again. Without, the whole page, as for a screen seen for the first time.
 */
export async function expectAccessible(
  page: Page,
  testInfo: TestInfo,
  screen: string,
  regions: Locator[] = [],
): Promise<void> {
  await test.step(
    `axe: ${screen}`,
    async () => {
      // The console has no frames (checked here, so that one added later is not left unscanned): axe runs
      // in the page itself. By default the builder finishes each scan in a new blank page, meant for
      // frames of other origins, which took most of a scan: 1.5 to 2.0 s against 0.6 s for the same
      // screen, back to back at load 10.
      expect(await page.locator('iframe, frame').count(), 'frames in the console').toBe(0);
      // Every rule axe runs by default, not only the WCAG-tagged ones: best practices such as
      // label-content-name-mismatch count too.
      let builder = new AxeBuilder({ page, axeSource: AXE_SOURCE })
        .setLegacyMode(true)
        // Every rule still runs on every element; only the violations are gathered and sent back, which
        // is all this check reads (passes listed element by element cost most of a scan of a large pane).
        .options({ resultTypes: ['violations'] })
        // Fluent UI's focus manager (Tabster) puts aria-hidden focus sentinels around grids and dialogs that
        // hand focus on at once; axe reports them as aria-hidden-focus (microsoft/tabster#288), a known false
        // positive.
        .exclude('[data-tabster-dummy]');
      // axe takes CSS selectors, so each region is marked for the scan and unmarked after it.
      for (const region of regions) {
        const mark = `axe-region-${(axeRegions += 1)}`;
        await region.evaluate((element, value) => element.setAttribute('data-e2e-axe', value), mark);
        builder = builder.include(`[data-e2e-axe="${mark}"]`);
      }
      await transitionsEnded(page, regions);
      const results = await builder.analyze();
      expect(results.testEngine.version, 'the axe-core that ran').toBe(AXE_VERSION);
      for (const region of regions) {
        await region.evaluate((element) => element.removeAttribute('data-e2e-axe'));
      }
      await testInfo.attach(`axe-${screen}.json`, {
        body: JSON.stringify(results.violations, null, 2),
        contentType: 'application/json',
      });
      const blocking = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${violation.impact} ${violation.id}: ${violation.help}\n` +
            violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n'),
        );
      // Soft, so one walk through the console reports every screen's violations, not only the first.
      expect.soft(blocking, `axe on ${screen}`).toEqual([]);
    },
    { timeout: AXE_SCAN_TIMEOUT },
  );
}

/** The console's panes, by their landmarks: for scanning the part of a screen a step changed. */
export const panes = {
  tree: (page: Page) => page.getByRole('navigation', { name: 'Console tree pane' }),
  results: (page: Page) => page.getByRole('main', { name: 'Results' }),
  actions: (page: Page) => page.getByRole('complementary', { name: 'Actions' }),
};

/** The console tree, by its accessible name. */
export function consoleTree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Console tree' });
}

/** A tree item by its visible text. */
export function treeItem(page: Page, name: string): Locator {
  return consoleTree(page).getByRole('treeitem', { name, exact: true });
}

/** Expands a tree item if it is collapsed, by clicking its label the way a person does. */
export async function expandTreeItem(page: Page, name: string): Promise<void> {
  const item = treeItem(page, name);
  await expect(item).toBeVisible();
  if ((await item.getAttribute('aria-expanded')) !== 'true') {
    await item.getByText(name, { exact: true }).first().click();
  }
  await expect(item).toHaveAttribute('aria-expanded', 'true');
}

/** Opens the Send Ports list of an application from the console tree, by mouse. */
export async function openSendPortsByMouse(page: Page, application: string): Promise<Locator> {
  await expandTreeItem(page, GROUP_NAME);
  await expandTreeItem(page, 'Applications');
  await expandTreeItem(page, application);
  // Several applications have a Send Ports node; take the one under this application.
  await treeItem(page, application).getByRole('treeitem', { name: 'Send Ports', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Send Ports' });
  await expect(grid).toBeVisible();
  return grid;
}

/** Opens Import → Bindings... from an application's context menu in the tree, as an administrator does. */
export async function openImportBindings(page: Page, application: string): Promise<Locator> {
  await expandTreeItem(page, GROUP_NAME);
  await expandTreeItem(page, 'Applications');
  await treeItem(page, application).getByText(application, { exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Import → Bindings...' }).click();
  const dialog = page.getByRole('dialog', { name: `Import Bindings - ${application}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A row of the Send Ports grid by the port's name. */
export function portRow(grid: Locator, port: string): Locator {
  return grid.getByRole('row').filter({ has: grid.page().getByText(port, { exact: true }) });
}

/** The Send Port Properties dialog of a port. */
export function propertiesDialog(page: Page, port: string): Locator {
  return page.getByRole('dialog', { name: `Send Port Properties - ${port}` });
}

/** Opens the Certificate page of a port directly by its URL, signed in. */
export async function openCertificatePage(page: Page, application: string, port: string): Promise<Locator> {
  await page.goto(paths.certificatePage(application, port));
  const dialog = propertiesDialog(page, port);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('tab', { name: 'Certificate' })).toHaveAttribute('aria-selected', 'true');
  return dialog;
}

/**
 * The servers of one worker. Each journey file gets a server of its own, on a copy of the seeded template
 * data folder: started when the file's first test needs it, stopped (and its folder removed) when the
 * worker moves on to another file or ends. Journeys therefore run side by side without sharing any state.
 */
class JourneyServers {
  private current: { file: string; server: JourneyServer; demo?: Promise<DemoCertificates> } | undefined;
  private started = 0;

  constructor(private readonly workerIndex: number) {}

  async forFile(file: string, environment: Readonly<Record<string, string>> = {}): Promise<JourneyServer> {
    if (this.current?.file === file) return this.current.server;
    await this.stop();
    const runDir = env('E2E_RUN_DIR');
    this.started += 1;
    const dataDir = join(
      runDir,
      'journeys',
      `${basename(file, '.spec.ts')}-${this.workerIndex}-${this.started}`,
    );
    cpSync(join(runDir, 'template'), dataDir, { recursive: true });
    const server = await startJourneyServer({
      dataDir,
      consoleDir: join(runDir, 'console'),
      passwords: {
        admin: ACCOUNTS.admin.password,
        operator: ACCOUNTS.operator.password,
        reader: ACCOUNTS.reader.password,
      },
      environment,
    });
    this.current = { file, server };
    return server;
  }

  /** The demo certificates, looked up once per server. */
  demo(server: JourneyServer): Promise<DemoCertificates> {
    if (this.current?.server !== server) throw new Error('The demo certificates of a stopped server.');
    this.current.demo ??= (async () => {
      const api = await apiAs(server.url, 'admin');
      try {
        return await findDemoCertificates(api);
      } finally {
        await api.dispose();
      }
    })();
    return this.current.demo;
  }

  async stop(): Promise<void> {
    const stopping = this.current;
    this.current = undefined;
    if (!stopping) return;
    await stopping.server.stop();
    rmSync(stopping.server.dataDir, { recursive: true, force: true });
  }
}

type Fixtures = {
  /** More environment for the file's server (`test.use({ serverEnvironment: {...} })` at the file's top). */
  serverEnvironment: Readonly<Record<string, string>>;
  /** The journey file's own server; `baseURL` points at it. */
  server: JourneyServer;
  /** An admin API session for the journey's setup and checks. */
  adminApi: APIRequestContext;
  /** The demo partner certificates of the server, by case. */
  demo: DemoCertificates;
};
type WorkerFixtures = {
  journeyServers: JourneyServers;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
  journeyServers: [
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const servers = new JourneyServers(workerInfo.workerIndex);
      await use(servers);
      await servers.stop();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  serverEnvironment: [{}, { option: true }],
  server: [
    async ({ journeyServers, serverEnvironment }, use, testInfo) => {
      const server = await journeyServers.forFile(testInfo.file, serverEnvironment);
      await use(server);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server output', { body: server.output(), contentType: 'text/plain' });
      }
    },
    // Its own timeout: starting a server on a busy machine is not the journey's time.
    { timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  adminApi: async ({ server }, use) => {
    const api = await apiAs(server.url, 'admin');
    await use(api);
    await api.dispose();
  },
  demo: async ({ journeyServers, server }, use) => {
    await use(await journeyServers.demo(server));
  },
});

/**
 * Starts or stops a host instance of a journey's server. The console has no such action (it is the
 * group's own tooling that does it), so the journey writes the state where the group keeps it; the API
 * reads a direct write at once (docs/decisions/008).
 */
export async function setHostInstanceStateOf(
  server: JourneyServer,
  target: { hostName: string; computerName: string; state: 'Running' | 'Stopped' },
): Promise<void> {
  const database = await openDatabase({ dataDir: server.dataDir, migrate: false });
  try {
    expect(
      await setHostInstanceState(database.db, target),
      `${target.hostName} on ${target.computerName}`,
    ).toBe(true);
  } finally {
    await database.close();
  }
}
