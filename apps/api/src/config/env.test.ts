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
});
