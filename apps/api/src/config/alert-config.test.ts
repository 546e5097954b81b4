import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

describe('alert and metrics configuration (DESIGN §13)', () => {
  it('defaults to 30, 14 and 7 days, a check every 60 minutes, no webhook and no metrics token', () => {
    expect(loadConfig({})).toMatchObject({ expiryWarningDays: [30, 14, 7], expiryCheckMinutes: 60 });
    expect(loadConfig({}).alertWebhookUrl).toBeUndefined();
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it('reads thresholds in any order, farthest first', () => {
    const config = loadConfig({
      BTS_EXPIRY_WARNING_DAYS: ' 7, 60,14 ',
      BTS_EXPIRY_CHECK_MINUTES: '5',
      BTS_ALERT_WEBHOOK_URL: 'https://hooks.example.com/bts',
      BTS_METRICS_TOKEN: 'a'.repeat(40),
    });
    expect(config).toMatchObject({
      expiryWarningDays: [60, 14, 7],
      expiryCheckMinutes: 5,
      alertWebhookUrl: 'https://hooks.example.com/bts',
      metricsToken: 'a'.repeat(40),
    });
  });

  it('names each wrong variable and what it must be', () => {
    let error: unknown;
    try {
      loadConfig({
        BTS_EXPIRY_WARNING_DAYS: '30,two weeks',
        BTS_EXPIRY_CHECK_MINUTES: '0',
        BTS_ALERT_WEBHOOK_URL: 'ftp://hooks.example.com',
        BTS_METRICS_TOKEN: 'short',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('BTS_EXPIRY_WARNING_DAYS must be whole numbers of days');
    expect(message).toContain('BTS_EXPIRY_CHECK_MINUTES must be at least 1');
    expect(message).toContain('BTS_ALERT_WEBHOOK_URL must be an http:// or https:// URL');
    expect(message).toContain('BTS_METRICS_TOKEN must be at least 32 characters');
  });
});
