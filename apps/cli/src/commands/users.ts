import {
  apiPath,
  CreatedUserSchema,
  PasswordResetResponseSchema,
  ROLES,
  type Role,
} from '@bts-console/domain';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../cli-context';

const ROLE_ALIASES: Record<string, Role> = {
  administrators: ROLES.administrators,
  operators: ROLES.operators,
  readers: ROLES.readOnlyUsers,
};

/** `administrators`, `operators`, `readers`, or a BizTalk group name as Windows spells it (any case). */
export function parseRole(value: string): Role {
  const wanted = value.trim().toLowerCase();
  const role =
    ROLE_ALIASES[wanted] ?? Object.values(ROLES).find((groupName) => groupName.toLowerCase() === wanted);
  if (!role) {
    throw new InvalidArgumentError(
      `Use administrators, operators or readers (or ${Object.values(ROLES)
        .map((groupName) => `'${groupName}'`)
        .join(', ')}).`,
    );
  }
  return role;
}

export function registerUsersCommands(program: Command, context: CliContext): void {
  const users = program
    .command('users')
    .description('Console users (administrators).')
    .addHelpText('after', '\nExample:\n  $ bts-console users add jdoe --role operators');

  users
    .command('add <name>')
    .description('Create a user with a generated password, shown once.')
    .addOption(
      new Option('--role <role>', 'administrators, operators or readers (or the BizTalk group name)')
        .argParser(parseRole)
        .makeOptionMandatory(),
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console users add jdoe --role operators\n  $ bts-console users add asmith --role "BizTalk Server Read Only Users"',
    )
    .action(async (name: string, options: { role: Role }) => {
      const response = await context
        .client()
        .request('POST', '/users', { json: { username: name, role: options.role } }, CreatedUserSchema);
      const output = context.output();
      output.result(response.raw, () => {
        output.line(`Created user ${response.body.username} (${response.body.roles.join(', ')}).`);
        output.line(`Password (shown once; hand it over securely): ${response.body.password}`);
      });
    });

  users
    .command('reset-password <name>')
    .description('Give the user a new generated password, shown once; the old one stops working.')
    .addHelpText('after', '\nExample:\n  $ bts-console users reset-password jdoe')
    .action(async (name: string) => {
      const response = await context
        .client()
        .request('POST', apiPath`/users/${name}/reset-password`, {}, PasswordResetResponseSchema);
      const output = context.output();
      output.result(response.raw, () =>
        output.line(
          `New password for ${name} (shown once; hand it over securely): ${response.body.password}`,
        ),
      );
    });
}
