import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      dataDir: './data',
      seed: 'demo',
      logLevel: 'info',
      secureCookies: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
    });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9090',
      BTS_DATA_DIR: '/var/lib/bts',
      DATABASE_URL: 'postgres://bts@db:5432/bts',
      BTS_PUBLIC_ORIGIN: 'https://bts.example.com/',
      BTS_ADMIN_PASSWORD: 'correct horse battery',
      BTS_SEED: 'none',
      LOG_LEVEL: 'warn',
      BTS_SECURE_COOKIES: '1',
    });
    expect(config).toMatchObject({
      port: 9090,
      dataDir: '/var/lib/bts',
      databaseUrl: 'postgres://bts@db:5432/bts',
      publicOrigin: 'https://bts.example.com',
      adminPassword: 'correct horse battery',
      seed: 'none',
      logLevel: 'warn',
      secureCookies: true,
    });
  });

  it('names every wrong variable and what it must be', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        BTS_SEED: 'full',
        BTS_PUBLIC_ORIGIN: 'https://bts.example.com/console',
        BTS_ADMIN_PASSWORD: 'short',
        DATABASE_URL: 'mysql://x',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT must be a port number');
    expect(message).toContain('BTS_SEED must be demo or none');
    expect(message).toContain('BTS_PUBLIC_ORIGIN must be an origin');
    expect(message).toContain('BTS_ADMIN_PASSWORD must have at least 8 characters');
    expect(message).toContain('DATABASE_URL must be a postgres://');
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('reads BTS_TRUST_PROXY as no proxy, a number of hops, or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ BTS_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ BTS_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ BTS_TRUST_PROXY: 'loopback, 10.0.0.0/8,::1, fd00::/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    for (const wrong of ['yes', 'true', '-1', '10.0.0.0/33', '10.0.0.0/8/1', 'proxy.example.com', '1,']) {
      expect(() => loadConfig({ BTS_TRUST_PROXY: wrong }), wrong).toThrow(/BTS_TRUST_PROXY must be 0/);
    }
  });

  it('reads BTS_BINDING_FILE_MAX_MB as whole megabytes, 160 unless set, and refuses anything else', () => {
    expect(loadConfig({}).bindingFileMaxBytes).toBe(160 * 1024 * 1024);
    expect(loadConfig({ BTS_BINDING_FILE_MAX_MB: '300' }).bindingFileMaxBytes).toBe(300 * 1024 * 1024);
    for (const wrong of ['0', '-5', '1.5', 'lots', '5000']) {
      expect(() => loadConfig({ BTS_BINDING_FILE_MAX_MB: wrong }), wrong).toThrow(
        /BTS_BINDING_FILE_MAX_MB must be/,
      );
    }
  });

  it('makes cookies Secure when the public origin is https', () => {
    expect(loadConfig({ BTS_PUBLIC_ORIGIN: 'https://bts.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ BTS_PUBLIC_ORIGIN: 'http://localhost:8080' }).secureCookies).toBe(false);
  });

  it('accepts only PostgreSQL URLs in DATABASE_URL, saying what to do instead', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://bts@db/bts' }).databaseUrl).toBe(
      'postgresql://bts@db/bts',
    );
    for (const wrong of ['sqlite:./bts.db', 'file:./bts.db', 'postgres://', 'mysql://db/bts']) {
      expect(() => loadConfig({ DATABASE_URL: wrong }), wrong).toThrow(
        /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL; leave it unset for the embedded SQLite database/,
      );
    }
  });

  it('reads BTS_EXPIRY_WARNING_DAYS largest first, 30,14,7 when unset, and refuses what is not days', () => {
    expect(loadConfig({}).expiryWarningDays).toEqual([30, 14, 7]);
    expect(loadConfig({ BTS_EXPIRY_WARNING_DAYS: ' 7, 60 ,21' }).expiryWarningDays).toEqual([60, 21, 7]);
    expect(loadConfig({ BTS_EXPIRY_WARNING_DAYS: '10' }).expiryWarningDays).toEqual([10]);
    for (const wrong of ['30,,7', '0', '-7', '14.5', 'thirty', '30,14,30']) {
      expect(() => loadConfig({ BTS_EXPIRY_WARNING_DAYS: wrong }), wrong).toThrow(/BTS_EXPIRY_WARNING_DAYS /);
    }
    expect(() => loadConfig({ BTS_EXPIRY_WARNING_DAYS: '30,x' })).toThrow(/such as 30,14,7; 'x' is not one/);
  });
});
