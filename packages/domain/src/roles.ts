/** The BizTalk Server groups, as Windows names them; DESIGN §1 says who may do what. */
export const ROLES = {
  administrators: 'BizTalk Server Administrators',
  operators: 'BizTalk Server Operators',
  readOnlyUsers: 'BizTalk Server Read Only Users',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ALL_ROLES: readonly Role[] = [ROLES.administrators, ROLES.operators, ROLES.readOnlyUsers];

/** Changing configuration (certificates, stores, bindings, applications, users) is for administrators only. */
export function canChangeConfiguration(roles: readonly Role[]): boolean {
  return roles.includes(ROLES.administrators);
}

/** Starting, stopping, enlisting and unenlisting ports, and resuming or terminating messages. */
export function canOperate(roles: readonly Role[]): boolean {
  return roles.includes(ROLES.administrators) || roles.includes(ROLES.operators);
}
