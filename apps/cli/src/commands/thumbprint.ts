import { describeRemoved, formatThumbprintColons, normalizeThumbprint } from '@bts-console/domain';
import type { Command } from 'commander';
import { CommandFailure } from '../cli-errors';
import type { CliContext } from '../cli-context';

export function registerThumbprintCommands(program: Command, context: CliContext): void {
  const thumbprint = program
    .command('thumbprint')
    .description(
      'Thumbprints, checked here with the same code as the console and the API (no server needed).',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console thumbprint normalize "1a:2b:3c:4d:5e:6f:7a:8b:9c:0d:1e:2f:3a:4b:5c:6d:7e:8f:9a:0b"',
    );

  thumbprint
    .command('normalize <value>')
    .description(
      'Read a thumbprint as pasted (spaces, colons, hyphens, lower case, invisible characters, openssl prefix) and print its canonical, display and colon forms, and what was removed.',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console thumbprint normalize "SHA1 Fingerprint=1A:2B:3C:4D:5E:6F:7A:8B:9C:0D:1E:2F:3A:4B:5C:6D:7E:8F:9A:0B"',
    )
    .action((value: string) => {
      const output = context.output();
      const result = normalizeThumbprint(value);
      if (!result.ok) {
        if (output.json) output.result({ ok: false, error: result.error }, () => undefined);
        throw new CommandFailure(result.error.message, 'invalid-thumbprint');
      }
      const colons = formatThumbprintColons(result.thumbprint);
      output.result({ ...result, colons }, () => {
        output.line(`Canonical: ${result.thumbprint}`);
        output.line(`Display:   ${result.display}`);
        output.line(`Colons:    ${colons}`);
        output.line(`Removed:   ${removedText(result)}`);
      });
    });
}

function removedText(result: {
  removed: Parameters<typeof describeRemoved>[0];
  separatorsRemoved: number;
  prefixRemoved: boolean;
}): string {
  const parts: string[] = [];
  const invisible = describeRemoved(result.removed);
  if (invisible) parts.push(invisible.replace(/^Removed /, ''));
  if (result.separatorsRemoved > 0) {
    parts.push(`${result.separatorsRemoved} separator${result.separatorsRemoved === 1 ? '' : 's'}`);
  }
  if (result.prefixRemoved) parts.push("the 'SHA1 Fingerprint=' prefix");
  return parts.length === 0 ? 'nothing' : parts.join('; ');
}
