import {
  apiPath,
  SEND_PORT_OPERATIONS,
  SendPortListSchema,
  SendPortSchema,
  formatThumbprintDisplay,
  type PortCertificate,
  type SendPort,
  type SendPortOperation,
} from '@bts-console/domain';
import type { Command } from 'commander';
import { type ApiClient } from '../api-client';
import { formatTable, formatTime, type Output } from '../output';
import type { CliContext } from '../cli-context';

const OPERATION_HELP: Record<SendPortOperation, string> = {
  enlist: 'Enlist the port (Bound → Stopped): its subscription is created, messages queue up.',
  start: 'Start the port (Bound or Stopped → Started): messages are sent.',
  stop: 'Stop the port (Started → Stopped): messages queue up until it is started again.',
  unenlist: 'Unenlist the port (Stopped or Started → Bound): its subscription is removed.',
};

export function registerSendPortsCommands(program: Command, context: CliContext): void {
  const sendPorts = program
    .command('send-ports')
    .description('Send ports: list, show, and start, stop, enlist or unenlist them (operators too).')
    .addHelpText('after', '\nExample:\n  $ bts-console send-ports list --app "Contoso.Orders"');

  sendPorts
    .command('list')
    .description('List the send ports of an application with their encryption certificates.')
    .requiredOption('--app <app>', 'the application')
    .addHelpText('after', '\nExample:\n  $ bts-console send-ports list --app "BizTalk Application 1"')
    .action(async (options: { app: string }) => {
      const response = await context
        .client()
        .request('GET', apiPath`/applications/${options.app}/send-ports`, {}, SendPortListSchema);
      const output = context.output();
      output.result(response.raw, () =>
        output.table(
          [
            { header: 'Status', value: (port) => port.status },
            { header: 'Name', value: (port) => port.name },
            { header: 'Transport type', value: (port) => port.transportType },
            { header: 'Send handler', value: (port) => port.sendHandler },
            { header: 'Encryption certificate', value: (port) => certificateSummary(port.certificate) },
            { header: 'URI', value: (port) => port.uri },
          ],
          response.body.items,
          `Application '${options.app}' has no send ports.`,
        ),
      );
    });

  sendPorts
    .command('show <name>')
    .description('Show one send port: transport, certificate, processing servers and version.')
    .addHelpText('after', '\nExample:\n  $ bts-console send-ports show SP.Orders.AS2')
    .action(async (name: string) => {
      const response = await context
        .client()
        .request('GET', apiPath`/send-ports/${name}`, {}, SendPortSchema);
      const output = context.output();
      output.result(response.raw, () => printSendPort(output, response.body));
    });

  for (const operation of SEND_PORT_OPERATIONS) {
    sendPorts
      .command(`${operation} <name>`)
      .description(OPERATION_HELP[operation])
      .addHelpText('after', `\nExample:\n  $ bts-console send-ports ${operation} SP.Orders.AS2`)
      .action(async (name: string) => {
        const client = context.client();
        const { etag } = await readSendPort(client, name);
        const response = await client.request(
          'POST',
          apiPath`/send-ports/${name}/${operation}`,
          { headers: etag ? { 'if-match': etag } : {} },
          SendPortSchema,
        );
        const output = context.output();
        output.result(response.raw, () => output.line(`Send port '${name}' is now ${response.body.status}.`));
      });
  }
}

/** The port and the ETag that a change to it must send in If-Match. */
export async function readSendPort(
  client: ApiClient,
  name: string,
): Promise<{ port: SendPort; etag: string | null }> {
  const response = await client.request('GET', apiPath`/send-ports/${name}`, {}, SendPortSchema);
  return { port: response.body, etag: response.headers.get('etag') };
}

export function certificateSummary(certificate: PortCertificate | null): string {
  if (!certificate) return '(none)';
  const name = certificate.commonName ?? formatThumbprintDisplay(certificate.thumbprint);
  return certificate.health === 'valid' ? name : `${name} [${certificate.health}]`;
}

export function printSendPort(output: Output, port: SendPort): void {
  const certificate = port.certificate;
  const fields: [string, string | null][] = [
    ['Name', port.name],
    ['Application', port.application],
    ['Status', port.status],
    ['Kind', port.kind],
    ['Transport type', port.transportType],
    ['URI', port.uri],
    ['Send handler', port.sendHandler],
    ['Send pipeline', port.sendPipeline],
    ['Description', port.description],
    [
      'Certificate',
      certificate ? (certificate.commonName ?? '(no common name)') : '(none: messages go out in clear text)',
    ],
  ];
  if (certificate) {
    fields.push(
      ['Thumbprint', formatThumbprintDisplay(certificate.thumbprint)],
      ['Expires', formatTime(certificate.notAfter)],
      ['Health', certificate.health],
    );
  }
  fields.push(['Version', String(port.version)], ['Changed', changedText(port)]);
  const labelWidth = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) output.line(`${`${label}:`.padEnd(labelWidth + 2)}${value ?? '-'}`);
  output.line('');
  output.line('Processing servers:');
  output.line(
    port.processingServers.length === 0
      ? '  (none: no BizTalk server has an instance of the send handler)'
      : formatTable(
          [
            { header: 'Server', value: (server) => server.name },
            { header: 'Host instance', value: (server) => server.hostInstanceState },
            {
              header: 'Certificate',
              value: (server) =>
                server.certificatePresent === null ? '-' : server.certificatePresent ? 'present' : 'MISSING',
            },
          ],
          port.processingServers,
        )
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
  );
}

function changedText(port: SendPort): string {
  if (!port.changedAt) return '-';
  return `${formatTime(port.changedAt)} by ${port.changedBy ?? 'unknown'}`;
}
