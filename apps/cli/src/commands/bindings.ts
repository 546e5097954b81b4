import {
  apiPath,
  BindingsImportReportSchema,
  type BindingsImportReport,
  type PassedOver,
  type RefusedSendPort,
} from '@bts-console/domain';
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ApiProblemError } from '../api-client';
import { CommandFailure } from '../cli-errors';
import type { Output } from '../output';
import type { CliContext } from '../cli-context';
import { splitServers } from './cert';
import { parsePortServers } from './cert-lifecycle';

interface ImportOptions {
  dryRun?: boolean;
  partial?: boolean;
  acknowledgeMissingOn?: string[];
  acknowledgeMissingOnPort: string[];
  ifMatch?: string;
}

export function registerBindingsCommands(program: Command, context: CliContext): void {
  const bindings = program
    .command('bindings')
    .description(
      "An application's binding file (BizTalk BindingInfo XML) with the send ports' encryption certificates.",
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console bindings export "Contoso.Orders" -o Contoso.Orders.BindingInfo.xml',
    );

  bindings
    .command('export <app>')
    .description("Export the application's bindings as BindingInfo XML (to stdout unless -o is given).")
    .option('-o, --output <file>', 'write the XML to this file')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console bindings export "Contoso.Orders" -o Contoso.Orders.BindingInfo.xml',
    )
    .action(async (app: string, options: { output?: string }) => {
      const response = await context
        .client()
        .download(apiPath`/applications/${app}/bindings`, { headers: { accept: 'application/xml' } });
      if (!options.output) {
        const decoder = new TextDecoder();
        for await (const bytes of response.body ?? []) {
          context.terminal.stdout.write(decoder.decode(bytes, { stream: true }));
        }
        context.terminal.stdout.write(decoder.decode());
        return;
      }
      const body = response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : null;
      // Written beside the target and renamed when complete: an interrupted export never leaves a
      // truncated file under the name a later import would read.
      const partial = `${options.output}.partial`;
      try {
        await pipeline(body ?? Readable.from([]), createWriteStream(partial));
        await rename(partial, options.output);
      } catch (error) {
        await rm(partial, { force: true });
        throw new CommandFailure(
          `The export of '${app}' to ${options.output} did not complete (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${options.output} was not changed. Export again.`,
        );
      }
      context.terminal.stderr.write(`Exported the bindings of '${app}' to ${options.output}.\n`);
    });

  bindings
    .command('import <app> <file>')
    .description(
      'Import a binding file: each send port is created or updated, and every encryption certificate is checked like an assignment. All or nothing unless --partial.',
    )
    .option('--dry-run', 'check and report, change nothing')
    .option('--partial', 'apply the ports that pass and report the refused ones')
    .option(
      '--acknowledge-missing-on <server...>',
      'accept certificates missing from these processing servers (name exactly the servers)',
    )
    .option(
      '--acknowledge-missing-on-port <port=servers>',
      'accept that these processing servers of this one port lack its certificate; repeat per port',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--if-match <fingerprint>',
      'apply only what the dry run with this fingerprint reported; if the import would now do anything else, nothing changes',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console bindings import "Contoso.Orders" Contoso.Orders.BindingInfo.xml --dry-run\n  $ bts-console bindings import "Contoso.Orders" Contoso.Orders.BindingInfo.xml --if-match <fingerprint the dry run printed>\n  $ bts-console bindings import "Contoso.Orders" Contoso.Orders.BindingInfo.xml --acknowledge-missing-on-port SP.Orders.AS2=BTS02',
    )
    .action(async (app: string, file: string, options: ImportOptions) => {
      const perPort = Object.entries(
        parsePortServers(options.acknowledgeMissingOnPort, '--acknowledge-missing-on-port'),
      ).map(([sendPort, servers]) => `${sendPort}:${servers.join(',')}`);
      let bindingFile: Uint8Array;
      try {
        // Bytes, not text: BizTalk writes binding files in UTF-16 as often as in UTF-8, and the XML says which.
        bindingFile = await readFile(file);
      } catch (error) {
        throw new CommandFailure(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      const output = context.output();
      try {
        const response = await context.client().request(
          'POST',
          apiPath`/applications/${app}/bindings`,
          {
            body: bindingFile,
            contentType: 'application/xml',
            ...(options.ifMatch !== undefined ? { headers: { 'If-Match': entityTag(options.ifMatch) } } : {}),
            query: {
              dryRun: options.dryRun,
              partial: options.partial,
              acknowledgeMissingOn: splitServers(options.acknowledgeMissingOn)?.join(','),
              ...(perPort.length > 0 ? { acknowledgeMissingOnPort: perPort } : {}),
            },
          },
          BindingsImportReportSchema,
        );
        const report = response.body;
        output.result(response.raw, () => printReport(output, report));
        if (report.refused.length > 0) {
          throw new CommandFailure(
            `${report.refused.length} of the file's send ports were refused.`,
            'bindings-refused',
          );
        }
      } catch (error) {
        // A refused all-or-nothing import carries its report; people see the reasons under the error line.
        if (error instanceof ApiProblemError && !output.json) {
          const report = BindingsImportReportSchema.safeParse(error.problem.report);
          if (report.success && error.problem.code === 'precondition-failed') {
            // The import would now do something else than the dry run confirmed: this is what it would do.
            printReport(output, report.data);
            error.hint = `nothing was changed; read the dry run above and, to apply it, run again with --if-match ${shown(report.data.fingerprint)}`;
          } else if (report.success) printRefused(output, report.data.refused);
          if (error.problem.code === 'bindings-refused' && !options.partial) {
            error.hint = 'fix the file, or add --partial to apply the send ports that pass';
          }
        }
        throw error;
      }
    });
}

function printReport(output: Output, report: BindingsImportReport): void {
  if (report.dryRun) output.line('Dry run: nothing was saved.');
  output.line(`Created:     ${names(report.created)}`);
  output.line(
    `Updated:     ${names(report.updated.map((port) => `${port.sendPort} [${port.changes.join(', ')}]`))}`,
  );
  output.line(`Unchanged:   ${names(report.unchanged)}`);
  output.line(`Refused:     ${report.refused.length}`);
  printRefused(output, report.refused);
  output.line(
    `Passed over: ${names(report.passedOver.map((item: PassedOver) => `${item.kind} ${item.name}`))}`,
  );
  for (const warning of report.warnings) {
    output.line(`warning [${warning.code}] ${warning.sendPort}: ${warning.message}`);
  }
  if (report.dryRun) {
    const fingerprint = shown(report.fingerprint);
    output.line(`Fingerprint: ${fingerprint} (to apply exactly this, import with --if-match ${fingerprint})`);
  }
}

/** A report's fingerprint is an entity tag, "…"; shown and typed without the quotes, which a shell eats. */
function shown(fingerprint: string): string {
  return fingerprint.replace(/^"(.*)"$/, '$1');
}

function entityTag(fingerprint: string): string {
  const typed = fingerprint.trim();
  return typed.startsWith('"') || typed.startsWith('W/') ? typed : `"${typed}"`;
}

function printRefused(output: Output, refused: readonly RefusedSendPort[]): void {
  for (const port of refused) output.line(`  ${port.sendPort}  [${port.code}] ${port.message}`);
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '0' : `${list.length} (${list.join(', ')})`;
}
