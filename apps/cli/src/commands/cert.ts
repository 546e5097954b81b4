import {
  apiPath,
  SendPortChangeResponseSchema,
  describeRemoved,
  formatThumbprintDisplay,
  normalizeThumbprint,
} from '@bts-console/domain';
import type { Command } from 'commander';
import { ApiProblemError } from '../api-client';
import type { CliContext } from '../cli-context';
import { registerCertLifecycleCommands } from './cert-lifecycle';
import { readSendPort } from './send-ports';

interface AssignOptions {
  acknowledgeMissingOn?: string[];
  acknowledgeNotYetValid?: boolean;
  reason?: string;
}

export function registerCertCommands(program: Command, context: CliContext): void {
  const cert = program
    .command('cert')
    .description('The encryption certificate of a send port (administrators).')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console cert assign SP.Orders.AS2 "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B"',
    );

  cert
    .command('assign <port> <thumbprint>')
    .description(
      'Assign the certificate with this thumbprint to the send port. It must be in the Other People store of every server that processes the port, unless you acknowledge the servers that lack it.',
    )
    .option(
      '--acknowledge-missing-on <server...>',
      'save although these processing servers lack the certificate (name exactly the servers the refusal names)',
    )
    .option(
      '--acknowledge-not-yet-valid',
      'save although the certificate is not valid yet: messages sent before its Not Before are suspended',
    )
    .option('--reason <text>', 'why, kept in the audit log')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console cert assign SP.Orders.AS2 "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B"\n  $ bts-console cert assign SP.Orders.AS2 1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B --acknowledge-missing-on BTS02',
    )
    .action(async (portName: string, thumbprint: string, options: AssignOptions) => {
      const client = context.client();
      const output = context.output();
      const normalized = normalizeThumbprint(thumbprint);
      if (normalized.ok && normalized.removed.length > 0)
        context.terminal.stderr.write(`note: ${describeRemoved(normalized.removed)}\n`);
      const acknowledgeMissingOn = splitServers(options.acknowledgeMissingOn);

      const { etag } = await readSendPort(client, portName);
      try {
        const response = await client.request(
          'PUT',
          apiPath`/send-ports/${portName}/certificate`,
          {
            json: {
              thumbprint,
              acknowledgeMissingOn,
              ...(options.acknowledgeNotYetValid ? { acknowledgeNotYetValid: true } : {}),
              reason: options.reason,
            },
            headers: etag ? { 'if-match': etag } : {},
          },
          SendPortChangeResponseSchema,
        );
        output.warnings(response.body.warnings);
        const certificate = response.body.certificate;
        output.result(response.raw, () =>
          output.line(
            certificate
              ? `Assigned ${certificate.commonName ?? 'the certificate'} (${formatThumbprintDisplay(certificate.thumbprint)}) to send port '${response.body.name}'.`
              : `Send port '${response.body.name}' was saved.`,
          ),
        );
      } catch (error) {
        if (error instanceof ApiProblemError && error.problem.code === 'certificate-missing-on-servers') {
          const servers = error.problem.servers ?? [];
          if (servers.length > 0) {
            // The API's detail names its JSON field; here the person types an option.
            const those = servers.length === 1 ? 'that server' : 'those servers';
            error.detail = `The certificate is not in the Other People store of ${servers.join(', ')}, which ${servers.length === 1 ? 'processes' : 'process'} send port '${portName}'. Import it there first; or, to assign it anyway, acknowledge exactly ${those} with --acknowledge-missing-on ${servers.join(' ')}.`;
            error.hint = `until the certificate is imported there, messages of '${portName}' are suspended on ${those}`;
          }
        }
        if (error instanceof ApiProblemError && error.problem.code === 'certificate-not-yet-valid') {
          error.hint =
            'assign it from that date (bts-console cert replace … --at schedules it), or add --acknowledge-not-yet-valid to save it now';
        }
        throw error;
      }
    });

  cert
    .command('remove <port>')
    .description(
      'Remove the encryption certificate from the send port: messages then go out in clear text. The certificate stays in the stores.',
    )
    .option('--reason <text>', 'why, kept in the audit log')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console cert remove SP.Orders.AS2 --reason "Contoso ended the AS2 agreement"',
    )
    .action(async (portName: string, options: { reason?: string }) => {
      const client = context.client();
      const output = context.output();
      const { etag } = await readSendPort(client, portName);
      const response = await client.request(
        'DELETE',
        apiPath`/send-ports/${portName}/certificate`,
        { headers: etag ? { 'if-match': etag } : {}, query: { reason: options.reason } },
        SendPortChangeResponseSchema,
      );
      output.warnings(response.body.warnings);
      output.result(response.raw, () =>
        output.line(
          `Removed the encryption certificate from send port '${response.body.name}'; its messages now go out in clear text.`,
        ),
      );
    });

  registerCertLifecycleCommands(cert, context);
}

/** Accepts `--acknowledge-missing-on BTS02 BTS03` and `--acknowledge-missing-on BTS02,BTS03`. */
export function splitServers(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((server) => server.trim())
    .filter((server) => server !== '');
}
