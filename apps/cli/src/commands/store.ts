import {
  apiPath,
  InstallCertificateResultSchema,
  StoreCertificateListSchema,
  StoreCertificateSchema,
  STORE_PAGE_LIMIT,
  formatThumbprintDisplay,
  normalizeThumbprint,
  type ProblemDetails,
  type StoreCertificate,
} from '@bts-console/domain';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiProblemError } from '../api-client';
import { CommandFailure } from '../cli-errors';
import { formatProblem, formatTime } from '../output';
import type { CliContext } from '../cli-context';

type ImportResult =
  | { file: string; ok: true; certificate: unknown }
  | { file: string; ok: false; problem: Pick<ProblemDetails, 'code' | 'detail' | 'title' | 'errors'> };

export function registerStoreCommands(program: Command, context: CliContext): void {
  const store = program
    .command('store')
    .description("A computer's Other People certificate store (LocalMachine\\AddressBook).")
    .addHelpText('after', '\nExample:\n  $ bts-console store list ADMIN01 --search contoso');

  store
    .command('list <computer>')
    .description("List the certificates in the computer's Other People store.")
    .option('--search <text>', 'only certificates whose names, friendly name or thumbprint contain this text')
    .option(
      '--limit <count>',
      `at most this many certificates per page, up to ${STORE_PAGE_LIMIT} (default 100)`,
    )
    .option('--page <number>', 'which page of --limit certificates (default 1)')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console store list BTS01 --search contoso\n  $ bts-console store list ADMIN01 --limit 1000 --page 2',
    )
    .action(async (computer: string, options: { search?: string; limit?: string; page?: string }) => {
      const response = await context
        .client()
        .request(
          'GET',
          apiPath`/computers/${computer}/stores/other-people/certificates`,
          { query: { q: options.search, limit: options.limit, page: options.page } },
          StoreCertificateListSchema,
        );
      const output = context.output();
      output.result(response.raw, () => {
        output.table<StoreCertificate>(
          [
            {
              header: 'Issued to',
              value: (certificate) => certificate.subjectCommonName ?? certificate.subject,
            },
            {
              header: 'Issued by',
              value: (certificate) => certificate.issuerCommonName ?? certificate.issuer,
            },
            { header: 'Expiration date', value: (certificate) => formatTime(certificate.notAfter) },
            { header: 'Friendly name', value: (certificate) => certificate.friendlyName },
            { header: 'Thumbprint', value: (certificate) => formatThumbprintDisplay(certificate.thumbprint) },
          ],
          response.body.items,
          options.search
            ? `No certificate in the Other People store of ${computer} matches '${options.search}'.`
            : `The Other People store of ${computer} is empty.`,
        );
        // A list always says its total, so that a page is never mistaken for the whole store.
        const { items, total } = response.body;
        if (total > 0) {
          output.line(
            pageSummary(
              items.length,
              total,
              Number(options.page ?? 1),
              Number(options.limit ?? DEFAULT_PAGE_LIMIT),
            ),
          );
        }
      });
    });

  store
    .command('import <computer> <file...>')
    .description(
      "Import public certificates (.cer, .crt, .pem or .der; PEM or DER) into the computer's Other People store. Prints one line per file.",
    )
    .option('--friendly-name <name>', 'friendly name to give the imported certificates')
    .addHelpText('after', '\nExample:\n  $ bts-console store import BTS02 contoso-as2.cer fabrikam.pem')
    .action(async (computer: string, files: string[], options: { friendlyName?: string }) => {
      const client = context.client();
      const output = context.output();
      const results: ImportResult[] = [];
      // One at a time, so the lines come out in the order the files were named.
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = await readFile(file);
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code ?? String(error);
          results.push({
            file,
            ok: false,
            problem: {
              code: 'unreadable-file',
              title: 'Cannot read the file',
              detail: `Cannot read ${file}: ${reason}`,
            },
          });
          continue;
        }
        try {
          const response = await client.request(
            'POST',
            apiPath`/computers/${computer}/stores/other-people/certificates`,
            {
              body: bytes,
              contentType: 'application/octet-stream',
              query: { friendlyName: options.friendlyName },
            },
            StoreCertificateSchema,
          );
          results.push({ file, ok: true, certificate: response.raw });
          if (!output.json) {
            const certificate = response.body;
            output.line(
              `imported  ${basename(file)}: ${certificate.subjectCommonName ?? certificate.subject} (${formatThumbprintDisplay(certificate.thumbprint)}) into ${computer}`,
            );
          }
        } catch (error) {
          if (!(error instanceof ApiProblemError)) throw error;
          results.push({ file, ok: false, problem: error.problem });
        }
        const last = results[results.length - 1];
        if (!output.json && last && !last.ok) {
          output.line(`failed    ${basename(file)}: ${formatProblem(last.problem)}`);
        }
      }
      output.result(results, () => undefined);
      const failed = results.filter((result) => !result.ok).length;
      if (failed > 0) throw new CommandFailure(`${failed} of ${files.length} files were not imported.`);
    });

  store
    .command('remove <computer> <thumbprint>')
    .description(
      "Remove a certificate from the computer's Other People store; refused while a send port processed on that computer uses it.",
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console store remove BTS02 "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B"',
    )
    .action(async (computer: string, thumbprint: string) => {
      const normalized = normalizeThumbprint(thumbprint);
      if (!normalized.ok) throw new CommandFailure(normalized.error.message, 'invalid-thumbprint');
      const response = await context
        .client()
        .request(
          'DELETE',
          apiPath`/computers/${computer}/stores/other-people/certificates/${normalized.thumbprint}`,
        );
      const output = context.output();
      output.result(response.raw === '' ? { removed: normalized.thumbprint, computer } : response.raw, () =>
        output.line(`Removed ${normalized.display} from the Other People store of ${computer}.`),
      );
    });

  store
    .command('install <thumbprint> <computer...>')
    .description(
      "Install on missing servers: copy a certificate from a store that holds it into each computer's Other People store. Installing where it already is changes nothing.",
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console store install "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B" BTS02',
    )
    .action(async (thumbprint: string, computers: string[]) => {
      const normalized = normalizeThumbprint(thumbprint);
      if (!normalized.ok) throw new CommandFailure(normalized.error.message, 'invalid-thumbprint');
      const response = await context
        .client()
        .request(
          'POST',
          apiPath`/certificates/${normalized.thumbprint}/installations`,
          { json: { computers } },
          InstallCertificateResultSchema,
        );
      const output = context.output();
      output.result(response.raw, () => {
        for (const entry of response.body.computers) {
          output.line(
            entry.outcome === 'installed'
              ? `installed  ${normalized.display} into ${entry.computer} (copied from ${response.body.copiedFrom ?? 'a store that holds it'})`
              : `unchanged  ${entry.computer} already has ${normalized.display}`,
          );
        }
      });
    });
}

/** The API's page size when --limit is not given. */
const DEFAULT_PAGE_LIMIT = 100;

/** What part of the store a page is: `7 certificates`, or `Certificates 101-200 of 2345; next: --page 3`. */
export function pageSummary(shown: number, total: number, page: number, limit: number): string {
  const noun = total === 1 ? 'certificate' : 'certificates';
  if (page === 1 && shown === total) return `${total} ${noun}`;
  if (shown === 0) {
    return `No certificates on page ${page}: there are ${total} ${noun}, ${Math.ceil(total / limit)} pages of ${limit}.`;
  }
  const first = (page - 1) * limit + 1;
  const last = first + shown - 1;
  return `Certificates ${first}-${last} of ${total}${last < total ? `; next: --page ${page + 1}` : ''}`;
}
