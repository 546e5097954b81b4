import { AuditListSchema, AuditVerifyResponseSchema, type AuditEntry } from '@bts-console/domain';
import type { Command } from 'commander';
import { CommandFailure } from '../cli-errors';
import { formatTime } from '../output';
import type { CliContext } from '../cli-context';

interface AuditListOptions {
  target?: string;
  user?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: string;
}

export function registerAuditCommands(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description('The audit log: who changed what, when, from where (append-only, hash-chained).')
    .addHelpText('after', '\nExample:\n  $ bts-console audit list --target SP.Orders.AS2');

  audit
    .command('list')
    .description('List audit entries, newest first, filtered by target, user, action and time.')
    .option('--target <name>', 'a send port, certificate thumbprint, computer, application …')
    .option('--user <name>', 'who made the change')
    .option('--action <action>', 'e.g. certificate.assign, store.import, bindings.import')
    .option('--since <time>', 'from this time (ISO 8601, e.g. 2026-11-25 or 2026-11-25T10:00:00Z)')
    .option('--until <time>', 'up to this time (ISO 8601)')
    .option('--limit <count>', 'at most this many entries (default 100)')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console audit list --action certificate.assign --since 2026-11-01\n  $ bts-console audit list --target SP.Orders.AS2 --json',
    )
    .action(async (options: AuditListOptions) => {
      const response = await context.client().request(
        'GET',
        '/audit',
        {
          query: {
            target: options.target,
            user: options.user,
            action: options.action,
            since: asTimestamp(options.since),
            until: asTimestamp(options.until),
            limit: options.limit,
          },
        },
        AuditListSchema,
      );
      const output = context.output();
      output.result(response.raw, () => {
        output.table<AuditEntry>(
          [
            { header: 'Time', value: (entry) => formatTime(entry.at) },
            { header: 'User', value: (entry) => entry.user },
            { header: 'Action', value: (entry) => entry.action },
            { header: 'Target', value: (entry) => entry.target },
            { header: 'Client', value: (entry) => entry.clientAddress },
            { header: 'Reason', value: (entry) => entry.reason },
          ],
          response.body.items,
          'No audit entries match.',
        );
        if (response.body.total > response.body.items.length) {
          output.line(
            `(${response.body.items.length} of ${response.body.total}; narrow the filters or raise --limit)`,
          );
        }
      });
    });

  audit
    .command('verify')
    .description("Check the audit log's hash chain: every entry must hash its predecessor.")
    .addHelpText('after', '\nExample:\n  $ bts-console audit verify')
    .action(async () => {
      const response = await context.client().request('GET', '/audit/verify', {}, AuditVerifyResponseSchema);
      const output = context.output();
      const verdict = response.body;
      output.result(response.raw, () =>
        output.line(
          verdict.ok
            ? `The audit log is intact: ${verdict.entries} entries, hash chain verified.`
            : [
                `The audit log is BROKEN at ${brokenEntries(verdict.brokenCount ?? 1)}:`,
                ...(
                  verdict.broken ?? [
                    { seq: verdict.brokenAt ?? 0, reason: verdict.reason ?? 'hash mismatch' },
                  ]
                ).map((broken) => `  ${broken.reason}`),
                ...((verdict.brokenCount ?? 0) > (verdict.broken?.length ?? 0)
                  ? [`  … and ${(verdict.brokenCount ?? 0) - (verdict.broken?.length ?? 0)} more.`]
                  : []),
              ].join('\n'),
        ),
      );
      if (!verdict.ok) throw new CommandFailure('The audit log failed verification.', 'audit-chain-broken');
    });
}

const brokenEntries = (count: number) => (count === 1 ? '1 entry' : `${count} entries`);

/** A bare date means its start in UTC; anything else goes to the API as typed, which says what is wrong. */
function asTimestamp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}
