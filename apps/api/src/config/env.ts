import {
  DEFAULT_BINDING_FILE_MAX_MB,
  DEFAULT_EXPIRY_WARNING_DAYS,
  parseExpiryWarningDays,
} from '@bts-console/domain';
import type { ScryptCost } from '../auth/passwords';
import { isIP } from 'node:net';
import { z } from 'zod';

/** What Express's `trust proxy` setting receives: no proxy, a number of hops, or proxy addresses. */
export type TrustProxy = false | number | string[];

const PROXY_ADDRESS_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_ADDRESS_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const flag = z
  .enum(['0', '1', 'true', 'false', ''], { message: 'must be 1 or 0' })
  .optional()
  .transform((value) => value === '1' || value === 'true');

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(8080),
  BTS_DATA_DIR: z.string().trim().min(1, 'must name a folder').default('./data'),
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\/./.test(value),
    'must be a postgres:// or postgresql:// URL; leave it unset for the embedded SQLite database in BTS_DATA_DIR',
  ),
  BTS_PUBLIC_ORIGIN: optionalText.refine((value) => {
    if (value === undefined) return true;
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')
      );
    } catch {
      return false;
    }
  }, 'must be an origin such as https://bts-console.example.com (scheme, host and optional port, no path)'),
  BTS_ADMIN_PASSWORD: optionalText.refine(
    (value) => value === undefined || value.length >= 8,
    'must have at least 8 characters',
  ),
  BTS_OPERATOR_PASSWORD: optionalText.refine(
    (value) => value === undefined || value.length >= 8,
    'must have at least 8 characters',
  ),
  BTS_READER_PASSWORD: optionalText.refine(
    (value) => value === undefined || value.length >= 8,
    'must have at least 8 characters',
  ),
  BTS_SEED: z.enum(['demo', 'none'], { message: 'must be demo or none' }).default('demo'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  BTS_SECURE_COOKIES: flag,
  BTS_SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'must be a number of minutes' })
    .int()
    .min(1, 'must be at least 1')
    .default(30),
  BTS_SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ message: 'must be a number of hours' })
    .int()
    .min(1, 'must be at least 1')
    .default(12),
  BTS_WEB_DIST: optionalText,
  BTS_TEST_CLOCK: flag,
  NODE_ENV: optionalText,
  BTS_EXPIRY_CHECK_MINUTES: z.coerce
    .number({ message: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(1440, 'must be at most 1440 (a day)')
    .default(60),
  BTS_ALERT_WEBHOOK_URL: optionalText.refine((value) => {
    if (value === undefined) return true;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL that accepts a JSON POST'),
  BTS_METRICS_TOKEN: optionalText.refine(
    (value) => value === undefined || /^\S{32,}$/.test(value),
    'must be at least 32 characters without spaces (e.g. openssl rand -hex 32)',
  ),
  BTS_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context) => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined) {
        context.addIssue({
          code: 'custom',
          message:
            'must be 0 (no proxy), a number of proxy hops such as 1, or a comma-separated list of proxy addresses or subnets such as 10.0.0.5,10.1.0.0/16 or loopback',
        });
        return z.NEVER;
      }
      return parsed;
    }),
  BTS_EXPIRY_WARNING_DAYS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return [...DEFAULT_EXPIRY_WARNING_DAYS];
      const parsed = parseExpiryWarningDays(value);
      if (parsed.ok) return parsed.days;
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
  BTS_BINDING_FILE_MAX_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .int('must be a whole number of megabytes')
    .min(1, 'must be at least 1')
    .max(4096, 'must be at most 4096')
    .default(DEFAULT_BINDING_FILE_MAX_MB),
});

export type SeedMode = 'demo' | 'none';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  publicOrigin?: string;
  adminPassword?: string;
  operatorPassword?: string;
  readerPassword?: string;
  seed: SeedMode;
  logLevel: LogLevel;
  /** Cookies carry Secure: set explicitly, or implied by an https BTS_PUBLIC_ORIGIN. */
  secureCookies: boolean;
  /**
   * Which reverse proxies to believe about the client address (X-Forwarded-For) and scheme; Express's
   * `trust proxy` setting. Off unless configured, so clients cannot fake their address.
   */
  trustProxy: TrustProxy;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** The built console; served with SPA fallback when the folder exists. */
  webDistDir?: string;
  /** BTS_EXPIRY_WARNING_DAYS, largest first (DESIGN §12); the default `30,14,7` when unset. */
  expiryWarningDays?: readonly number[];
  /** POST /api/test-clock moves the server's time (BTS_TEST_CLOCK=1); for tests, refused in production. */
  testClock: boolean;
  /** How often the alert scheduler examines the certificates in use; default 60. */
  expiryCheckMinutes?: number;
  /** Where alerts are POSTed as JSON; none when unset. */
  alertWebhookUrl?: string;
  /** A bearer token that may read /metrics besides signed-in users' tokens. */
  metricsToken?: string;
  /** scrypt cost for new password hashes; not from the environment (tests lower it). */
  passwordHashCost?: ScryptCost;
  /** The largest binding file an import reads, in bytes once decompressed; DEFAULT_BINDING_FILE_MAX_MB when unset. */
  bindingFileMaxBytes?: number;
}

/** A configuration error names every variable that is wrong and what it must be. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once, at start; the only place `process.env` is read. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.BTS_TEST_CLOCK && e.NODE_ENV === 'production') {
    throw new ConfigError([
      "BTS_TEST_CLOCK must not be 1 when NODE_ENV is production: the test clock lets an administrator move the server's time, which only tests may do",
    ]);
  }
  const publicOrigin = e.BTS_PUBLIC_ORIGIN?.replace(/\/$/, '');
  return {
    port: e.PORT,
    dataDir: e.BTS_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicOrigin,
    adminPassword: e.BTS_ADMIN_PASSWORD,
    operatorPassword: e.BTS_OPERATOR_PASSWORD,
    readerPassword: e.BTS_READER_PASSWORD,
    seed: e.BTS_SEED,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.BTS_SECURE_COOKIES || publicOrigin?.startsWith('https:') === true,
    trustProxy: e.BTS_TRUST_PROXY,
    sessionIdleMinutes: e.BTS_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.BTS_SESSION_ABSOLUTE_HOURS,
    webDistDir: e.BTS_WEB_DIST,
    expiryWarningDays: e.BTS_EXPIRY_WARNING_DAYS,
    testClock: e.BTS_TEST_CLOCK,
    expiryCheckMinutes: e.BTS_EXPIRY_CHECK_MINUTES,
    alertWebhookUrl: e.BTS_ALERT_WEBHOOK_URL,
    metricsToken: e.BTS_METRICS_TOKEN,
    bindingFileMaxBytes: e.BTS_BINDING_FILE_MAX_MB * 1024 * 1024,
  };
}

/** The value of TEST_DATABASE_URL, for test support; read here so process.env stays in one file. */
export function testDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const value = env.TEST_DATABASE_URL;
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The folder where a test run keeps the demo certificates it issued (TEST_DEMO_CERTIFICATES_DIR), if any. */
export function testDemoCertificatesDir(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const value = env.TEST_DEMO_CERTIFICATES_DIR;
  return value === undefined || value.trim() === '' ? undefined : value;
}
