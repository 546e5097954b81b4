import { AlertListSchema, type Alert } from '@bts-console/domain';
import type { Command } from 'commander';
import { formatTime } from '../output';
import type { CliContext } from '../cli-context';

export function registerAlertsCommands(program: Command, context: CliContext): void {
  const alerts = program
    .command('alerts')
    .description('Certificate expiry alerts: the event log entries and webhook attempts of each.')
    .addHelpText('after', '\nExample:\n  $ bts-console alerts list');

  alerts
    .command('list')
    .description(
      'List the alerts raised, newest first, with their webhook status, attempts and response code.',
    )
    .option('--limit <count>', 'at most this many alerts (default 100)')
    .addHelpText('after', '\nExample:\n  $ bts-console alerts list --json')
    .action(async (options: { limit?: string }) => {
      const response = await context
        .client()
        .request('GET', '/alerts', { query: { limit: options.limit } }, AlertListSchema);
      const output = context.output();
      output.result(response.raw, () => {
        output.table<Alert>(
          [
            { header: 'Raised', value: (alert) => formatTime(alert.raisedAt) },
            { header: 'Certificate', value: (alert) => alert.commonName ?? alert.thumbprint },
            {
              header: 'Alert',
              value: (alert) =>
                alert.event === 'certificate.expired'
                  ? 'expired'
                  : alert.event === 'certificate.replacement-failed'
                    ? `replacement failed: ${alert.replacement?.code ?? ''}`
                    : `expiring, ${alert.daysLeft} days left`,
            },
            { header: 'Event log on', value: (alert) => alert.servers.join(', ') },
            { header: 'Webhook', value: (alert) => alert.webhook.status },
            { header: 'Attempts', value: (alert) => String(alert.webhook.attempts.length) },
            { header: 'Response', value: (alert) => alert.webhook.lastResponseCode?.toString() ?? '' },
          ],
          response.body.items,
          'No alert has been raised.',
        );
        if (response.body.total > response.body.items.length) {
          output.line(`(${response.body.items.length} of ${response.body.total}; raise --limit for more)`);
        }
      });
    });
}
