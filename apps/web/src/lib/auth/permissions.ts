import { ROLES, canChangeConfiguration, canOperate, type Role } from '@bts-console/domain';
import { useSession } from './get-session';

export const REQUIRES_ADMINISTRATORS = `Requires the ${ROLES.administrators} role`;
export const REQUIRES_OPERATORS = `Requires the ${ROLES.operators} or ${ROLES.administrators} role`;

export type Permissions = {
  roles: readonly Role[];
  canChangeConfiguration: boolean;
  canOperate: boolean;
};

/** What the signed-in user may do; the API remains the guard, this only disables what would be refused. */
export function usePermissions(): Permissions {
  const { data: session } = useSession();
  const roles = (session?.roles ?? []) as Role[];
  return { roles, canChangeConfiguration: canChangeConfiguration(roles), canOperate: canOperate(roles) };
}

/** The role a user is shown with in the top bar: the most powerful one held. */
export function primaryRole(roles: readonly string[]): string {
  for (const role of [ROLES.administrators, ROLES.operators, ROLES.readOnlyUsers]) {
    if (roles.includes(role)) return role;
  }
  return roles[0] ?? 'No role';
}
