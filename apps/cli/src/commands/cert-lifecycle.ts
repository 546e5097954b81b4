import {
  CertificatesInUseListSchema,
  formatThumbprintDisplay,
  ReplacementResultSchema,
  ScheduledReplacementListSchema,
  ScheduledReplacementSchema,
  apiPath,
  splitPortServers,
  type CertificateInUse,
  type PreviewedPort,
  type ReplacementResult,
  type ScheduledReplacement,
} from '@bts-console/domain';
import type { Command } from 'commander';
import { ApiProblemError } from '../api-client';
import type { CliContext } from '../cli-context';
import { CommandFailure, UsageError } from '../cli-errors';
import { formatTime, type Output } from '../output';

interface InUseOptions {
  search?: string;
  health?: string[];
  limit?: string;
}

interface ReplaceOptions {
  dryRun?: boolean;
  at?: string;
  acknowledgeMissingOn: string[];
  acknowledgeNotYetValid?: boolean;
  reason?: string;
  port?: string[];
}

/** `cert in-use`, `cert replace` and `cert replacements` (DESIGN §12), under the `cert` command. */
export function registerCertLifecycleCommands(cert: Command, context: CliContext): void {
  cert
    .command('in-use')
    .description(
      'Certificates that send ports use, soonest to expire first: health, days left, the ports, and the processing servers that lack each.',
    )
    .option('--search <text>', 'Issued To, thumbprint, send port, application or server')
    .option('--health <health...>', 'only these: expired, missing, not-yet-valid, expiring, valid')
    .option('--limit <count>', 'at most this many rows (default 100)')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console cert in-use --health expired expiring\n  $ bts-console cert in-use --search Contoso --json',
    )
    .action(async (options: InUseOptions) => {
      const response = await context
        .client()
        .request(
          'GET',
          '/certificates/in-use',
          { query: { q: options.search, health: options.health, limit: options.limit } },
          CertificatesInUseListSchema,
        );
      const output = context.output();
      output.result(response.raw, () => {
        output.table<CertificateInUse>(
          [
            { header: 'Issued To', value: (row) => row.commonName },
            { header: 'Thumbprint', value: (row) => formatThumbprintDisplay(row.thumbprint) },
            { header: 'Not After', value: (row) => formatTime(row.notAfter) },
            { header: 'Days', value: (row) => row.daysLeft },
            { header: 'Health', value: (row) => (row.badge ? `${row.health} (${row.badge})` : row.health) },
            { header: 'Ports', value: (row) => row.sendPorts.map((port) => port.name).join(', ') },
            { header: 'Missing on', value: (row) => row.missingOn.join(', ') },
          ],
          response.body.items,
          'No send port uses a certificate.',
        );
        if (response.body.total > response.body.items.length) {
          output.line(
            `(${response.body.items.length} of ${response.body.total}; narrow the search or raise --limit)`,
          );
        }
      });
    });

  cert
    .command('replace <old> <new>')
    .description(
      'Replace a certificate with its successor on every send port that uses it, all or nothing. It previews first; with --at it schedules the replacement instead (e.g. for the new certificate’s Not Before).',
    )
    .option('--dry-run', 'show the preview and change nothing')
    .option(
      '--at <time>',
      'carry it out at this time (ISO 8601), or `not-before` for the successor’s Not Before',
    )
    .option(
      '--acknowledge-missing-on <port=servers>',
      'save although these processing servers of the port lack the successor; repeat per port',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--acknowledge-not-yet-valid',
      'replace now although the successor is not valid yet: messages sent before its Not Before are suspended',
    )
    .option(
      '--port <name...>',
      'switch only these send ports; the other ports on the old certificate keep it',
    )
    .option('--reason <text>', 'why, kept in the audit log')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ bts-console cert replace 1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B 0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C --dry-run',
        '  $ bts-console cert replace <old> <new> --at not-before',
        '  $ bts-console cert replace <old> <new> --acknowledge-missing-on SP.Orders.AS2=BTS02',
        '  $ bts-console cert replace <old> <new> --port SP.Orders.AS2 --at not-before',
      ].join('\n'),
    )
    .action(async (from: string, to: string, options: ReplaceOptions) => {
      const acknowledgeMissingOn = parsePortServers(options.acknowledgeMissingOn);
      const requestedAt = options.at === undefined ? undefined : parseTime(options.at);
      const client = context.client();
      const output = context.output();
      const common = {
        from,
        to,
        ...(Object.keys(acknowledgeMissingOn).length > 0 ? { acknowledgeMissingOn } : {}),
        ...(options.acknowledgeNotYetValid ? { acknowledgeNotYetValid: true } : {}),
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
      };
      const previewAt = requestedAt === 'not-before' ? undefined : requestedAt;
      let preview = (
        await client.request(
          'POST',
          '/certificate-replacements',
          { json: { ...common, dryRun: true, ...(previewAt ? { at: previewAt } : {}) } },
          ReplacementResultSchema,
        )
      ).body;
      let at = previewAt;
      if (requestedAt === 'not-before') {
        at = preview.to.notBefore ?? undefined;
        if (!at)
          throw new CommandFailure('The successor’s Not Before is not known.', 'certificate-not-found');
      }
      // Only the named ports: the preview of every port gave their ETags; the preview of those alone
      // is what is shown and carried out.
      const listed = options.port === undefined ? undefined : portsNamed(preview, options.port);
      const scope = listed ? { ports: listed, onlyListedPorts: true } : {};
      if (listed || at !== previewAt) {
        preview = (
          await client.request(
            'POST',
            '/certificate-replacements',
            { json: { ...common, ...scope, dryRun: true, ...(at ? { at } : {}) } },
            ReplacementResultSchema,
          )
        ).body;
      }

      if (options.dryRun) {
        output.result(preview, () => printPreview(output, preview));
        const notReady = preview.ports.filter((port) => port.outcome !== 'ready');
        if (notReady.length > 0) {
          throw new CommandFailure(
            `${notReady.length} of ${preview.ports.length} send ports cannot take the successor as asked; see each reason above.`,
            'replacement-refused',
          );
        }
        return;
      }

      const ports = preview.ports.map((port) => ({ name: port.name, etag: port.etag }));
      try {
        if (at !== undefined) {
          const response = await client.request(
            'POST',
            '/certificate-replacements',
            { json: { ...common, ...scope, ports, at } },
            ScheduledReplacementSchema,
          );
          output.result(response.raw, () =>
            output.line(
              `Scheduled replacement ${response.body.id} for ${formatTime(response.body.at)}: ${ports.length} send port${ports.length === 1 ? '' : 's'} will move to ${response.body.to.commonName ?? formatThumbprintDisplay(response.body.to.thumbprint)}. Cancel it with: bts-console cert replacements --cancel ${response.body.id}`,
            ),
          );
          return;
        }
        const response = await client.request(
          'POST',
          '/certificate-replacements',
          { json: { ...common, ...scope, ports } },
          ReplacementResultSchema,
        );
        output.result(response.raw, () => {
          for (const port of response.body.ports) output.warnings(port.warnings);
          output.line(
            `Replaced the certificate on ${response.body.ports.length} send port${response.body.ports.length === 1 ? '' : 's'} (audit batch ${response.body.batchId}): ${response.body.ports.map((port) => port.name).join(', ')}.`,
          );
        });
      } catch (error) {
        if (error instanceof ApiProblemError) explainRefusal(error, output);
        throw error;
      }
    });

  cert
    .command('replacements')
    .description(
      'Scheduled replacements: pending first, then done, failed and cancelled. --cancel cancels a pending one.',
    )
    .option('--cancel <id>', 'cancel this pending replacement')
    .option('--status <status...>', 'only these: pending, done, failed, cancelled')
    .option('--limit <count>', 'at most this many (default 100)')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console cert replacements --status pending\n  $ bts-console cert replacements --cancel 3f2c…',
    )
    .action(async (options: { cancel?: string; status?: string[]; limit?: string }) => {
      const client = context.client();
      const output = context.output();
      if (options.cancel !== undefined) {
        const response = await client.request(
          'DELETE',
          apiPath`/certificate-replacements/${options.cancel}`,
          {},
          ScheduledReplacementSchema,
        );
        output.result(response.raw, () =>
          output.line(`Cancelled replacement ${response.body.id}; no send port changed.`),
        );
        return;
      }
      const response = await client.request(
        'GET',
        '/certificate-replacements',
        { query: { status: options.status, limit: options.limit } },
        ScheduledReplacementListSchema,
      );
      output.result(response.raw, () => {
        output.table<ScheduledReplacement>(
          [
            { header: 'Id', value: (row) => row.id },
            { header: 'Status', value: (row) => row.status },
            { header: 'At', value: (row) => formatTime(row.at) },
            { header: 'From', value: (row) => row.from.commonName ?? row.from.thumbprint },
            { header: 'To', value: (row) => row.to.commonName ?? row.to.thumbprint },
            { header: 'Ports', value: (row) => row.ports.length },
            { header: 'By', value: (row) => row.createdBy },
            { header: 'Why it failed', value: (row) => row.failure?.message },
          ],
          response.body.items,
          'No replacement is scheduled.',
        );
        if (response.body.total > response.body.items.length) {
          output.line(`(${response.body.items.length} of ${response.body.total}; raise --limit)`);
        }
      });
    });
}

function printPreview(output: Output, preview: ReplacementResult): void {
  output.line('Dry run: nothing was changed.');
  output.line(
    `${preview.from.commonName ?? formatThumbprintDisplay(preview.from.thumbprint)} → ${preview.to.commonName ?? formatThumbprintDisplay(preview.to.thumbprint)} (valid ${formatTime(preview.to.notBefore)} to ${formatTime(preview.to.notAfter)})`,
  );
  output.table(
    [
      { header: 'Send port', value: (port: ReplacementResult['ports'][number]) => port.name },
      { header: 'Application', value: (port) => port.application },
      {
        header: 'Servers',
        value: (port) =>
          port.processingServers
            .map((server) => `${server.name}${server.successorPresent ? '' : ' (lacks it)'}`)
            .join(', '),
      },
      { header: 'Outcome', value: (port) => port.outcome },
      {
        header: 'Why',
        value: (port) => port.reason?.message ?? port.warnings.map((w) => w.message).join(' '),
      },
    ],
    preview.ports,
    'No send port uses the certificate.',
  );
}

/** Tells a person which option lifts a refusal, port by port. */
function explainRefusal(error: ApiProblemError, output: Output): void {
  const refused = error.problem.refusedPorts as
    { name: string; code: string; message: string; servers?: string[] }[] | undefined;
  if (error.problem.code === 'replacement-refused' && refused) {
    if (!output.json)
      for (const port of refused) output.line(`  ${port.name}  [${port.code}] ${port.message}`);
    const missing = refused.filter((port) => port.code === 'certificate-missing-on-servers' && port.servers);
    const notYet = refused.some((port) => port.code === 'certificate-not-yet-valid');
    const hints = [
      ...(missing.length > 0
        ? [
            `to replace anyway, add ${missing
              .map((port) => `--acknowledge-missing-on ${port.name}=${port.servers!.join(',')}`)
              .join(' ')}`,
          ]
        : []),
      ...(notYet ? ['schedule it with --at not-before, or add --acknowledge-not-yet-valid'] : []),
    ];
    if (hints.length > 0) error.hint = hints.join('; ');
  }
  if (error.problem.code === 'replacement-ports-changed') {
    error.hint = 'a send port changed while this ran; run the command again';
  }
}

/**
 * The previewed ports that `--port` names (send port names compare case-insensitively, as BizTalk's do),
 * with the ETags the preview gave; a name that is not among them fails the command, listing those that are.
 */
function portsNamed(preview: ReplacementResult, names: readonly string[]): PreviewedPort[] {
  const byName = new Map(preview.ports.map((port) => [port.name.toLowerCase(), port]));
  const unknown = names.filter((name) => !byName.has(name.toLowerCase()));
  if (unknown.length > 0) {
    const using = preview.ports.map((port) => port.name);
    throw new CommandFailure(
      `${unknown.map((name) => `'${name}'`).join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not use the certificate ${preview.from.commonName ?? formatThumbprintDisplay(preview.from.thumbprint)}; the send ports that do: ${using.length > 0 ? using.join(', ') : 'none'}.`,
      'send-port-not-using-certificate',
    );
  }
  const listed = new Map(names.map((name) => [name.toLowerCase(), byName.get(name.toLowerCase())!]));
  return [...listed.values()].map((port) => ({ name: port.name, etag: port.etag }));
}

/** `--acknowledge-missing-on SP.Orders.AS2=BTS02,BTS03`, repeated per port. */
export function parsePortServers(
  values: readonly string[],
  option = '--acknowledge-missing-on',
): Record<string, string[]> {
  const byPort: Record<string, string[]> = {};
  for (const value of values) {
    const split = splitPortServers(value, '=');
    if (!split) {
      throw new UsageError(
        `${option} takes PORT=SERVER[,SERVER], e.g. SP.Orders.AS2=BTS02; '${value}' is not that`,
      );
    }
    byPort[split.sendPort] = [...(byPort[split.sendPort] ?? []), ...split.servers];
  }
  return byPort;
}

/** ISO 8601, a bare date (its start in UTC), or `not-before`. */
function parseTime(value: string): string {
  if (value.trim().toLowerCase() === 'not-before') return 'not-before';
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(
      `--at takes a time in ISO 8601 (e.g. 2026-12-02T06:00:00Z or 2026-12-02) or not-before; '${value}' is not one`,
    );
  }
  return new Date(time).toISOString();
}
