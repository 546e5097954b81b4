import { z } from 'zod';
import { ALL_ROLES } from '../roles';
import { TimestampSchema, listOf } from './common';
import { text } from './text';

export const RoleSchema = z.enum(ALL_ROLES as unknown as [string, ...string[]]);

export const SignInRequestSchema = z
  .object({
    username: text().trim().min(1, 'Enter your user name').max(128),
    password: text().min(1, 'Enter your password').max(1024),
  })
  .meta({ id: 'SignInRequest' });
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const SessionResponseSchema = z
  .object({
    user: z.string(),
    roles: z.array(RoleSchema),
    /**
     * `BTS_EXPIRY_WARNING_DAYS`, largest first: the console calls a certificate expiring within the first,
     * as the API does, and colours badges amber from the first and red from the last (DESIGN §12).
     */
    expiryWarningDays: z.array(z.number().int().positive()).min(1),
  })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const CreateTokenRequestSchema = z
  .object({ name: text().trim().min(1, 'Name the token, e.g. the script that will use it').max(100) })
  .meta({ id: 'CreateTokenRequest' });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;

export const TokenSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: TimestampSchema,
    lastUsedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'TokenSummary' });
export type TokenSummary = z.infer<typeof TokenSummarySchema>;

/** The token itself is shown once, in this response, and stored only as a hash. */
export const CreatedTokenSchema = TokenSummarySchema.extend({ token: z.string() }).meta({
  id: 'CreatedToken',
});
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

export const TokenListSchema = listOf(TokenSummarySchema).meta({ id: 'TokenList' });

/** A user name as Windows accounts allow it: letters, digits and . _ - @ \ only. */
export const UsernameSchema = text()
  .trim()
  .min(1, 'Enter a user name')
  .max(64, 'A user name has at most 64 characters')
  .regex(/^[A-Za-z0-9._@\\-]+$/, 'A user name may contain letters, digits and . _ - @ \\ only');

export const CreateUserRequestSchema = z
  .object({ username: UsernameSchema, role: RoleSchema })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UserSummarySchema = z
  .object({
    username: z.string(),
    roles: z.array(RoleSchema),
    createdAt: TimestampSchema,
    passwordChangedAt: TimestampSchema,
  })
  .meta({ id: 'UserSummary' });
export type UserSummary = z.infer<typeof UserSummarySchema>;
export const UserListSchema = listOf(UserSummarySchema).meta({ id: 'UserList' });

/** The generated password is shown once, in this response; only its scrypt hash is kept. */
export const CreatedUserSchema = z
  .object({ username: z.string(), roles: z.array(RoleSchema), password: z.string() })
  .meta({ id: 'CreatedUser' });
export type CreatedUser = z.infer<typeof CreatedUserSchema>;

export const PasswordResetResponseSchema = z.object({ password: z.string() }).meta({ id: 'PasswordReset' });
export type PasswordResetResponse = z.infer<typeof PasswordResetResponseSchema>;
