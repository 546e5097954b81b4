import {
  APPLICATION_OPERATIONS,
  ApplicationListSchema,
  ApplicationSchema,
  ApplicationStatusChangeSchema,
  apiPath,
} from '@bts-console/domain';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

export function registerApplicationsCommands(program: Command, context: CliContext): void {
  const applications = program
    .command('applications')
    .description('BizTalk applications of the group.')
    .addHelpText('after', '\nExample:\n  $ bts-console applications list');

  applications
    .command('list')
    .description('List the applications with their number of send ports.')
    .addHelpText('after', '\nExample:\n  $ bts-console applications list --json')
    .action(async () => {
      const response = await context.client().request('GET', '/applications', {}, ApplicationListSchema);
      const output = context.output();
      output.result(response.raw, () =>
        output.table(
          [
            { header: 'Name', value: (application) => application.name },
            { header: 'Send ports', value: (application) => application.counts['Send Ports'] ?? 0 },
            { header: 'Description', value: (application) => application.description },
          ],
          response.body.items,
          'No applications.',
        ),
      );
    });

  applications
    .command('create <name>')
    .description('Create an application (administrators).')
    .option('--description <text>', 'what the application is for')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console applications create "Contoso.Invoicing" --description "Invoices to Contoso over AS2"',
    )
    .action(async (name: string, options: { description?: string }) => {
      const response = await context
        .client()
        .request(
          'POST',
          '/applications',
          { json: { name, description: options.description } },
          ApplicationSchema,
        );
      const output = context.output();
      output.result(response.raw, () => output.line(`Created application '${response.body.name}'.`));
    });

  for (const operation of APPLICATION_OPERATIONS) {
    applications
      .command(`${operation} <name>`)
      .description(
        operation === 'start'
          ? 'Start the application: enlist and start each of its send ports (operators and administrators).'
          : 'Stop the application: stop each of its Started send ports; they stay enlisted (operators and administrators).',
      )
      .addHelpText('after', `\nExample:\n  $ bts-console applications ${operation} Contoso.Orders`)
      .action(async (name: string) => {
        const response = await context
          .client()
          .request('POST', apiPath`/applications/${name}/${operation}`, {}, ApplicationStatusChangeSchema);
        const output = context.output();
        const { changed, unchanged, application } = response.body;
        output.result(response.raw, () => {
          for (const port of changed) output.line(`${port.name}: ${port.before} -> ${port.after}`);
          output.line(
            `${operation === 'start' ? 'Started' : 'Stopped'} application '${application}': ${changed.length} send ${changed.length === 1 ? 'port' : 'ports'} changed, ${unchanged.length} already ${operation === 'start' ? 'Started' : 'not Started'}.`,
          );
        });
      });
  }
}
