import { ApplicationListSchema, ApplicationSchema } from '@bts-console/domain';
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
}
