import { z } from 'zod';
import { listOf } from './common';
import { text } from './text';

export const COMPUTER_ROLES = ['BizTalk Server', 'Console'] as const;
export const ComputerRoleSchema = z.enum(COMPUTER_ROLES);
export type ComputerRole = z.infer<typeof ComputerRoleSchema>;

export const HOST_TYPES = ['In-Process', 'Isolated'] as const;
export const HostTypeSchema = z.enum(HOST_TYPES);

export const HOST_INSTANCE_STATES = ['Running', 'Stopped'] as const;
export const HostInstanceStateSchema = z.enum(HOST_INSTANCE_STATES);
export type HostInstanceState = z.infer<typeof HostInstanceStateSchema>;

export const ComputerSchema = z
  .object({ name: z.string(), role: ComputerRoleSchema })
  .meta({ id: 'Computer' });
export type Computer = z.infer<typeof ComputerSchema>;

export const GroupResponseSchema = z
  .object({
    /** Shown as `BizTalk Group [SQL01:BizTalkMgmtDb]`. */
    name: z.string(),
    computers: z.array(ComputerSchema),
    hosts: z.array(z.object({ name: z.string(), type: HostTypeSchema })),
    hostInstances: z.array(
      z.object({ host: z.string(), server: z.string(), state: HostInstanceStateSchema }),
    ),
  })
  .meta({ id: 'Group' });
export type GroupResponse = z.infer<typeof GroupResponseSchema>;

/** Artifacts the tree lists read-only (DESIGN §2, "Other artifacts"). */
export const ARTIFACT_KINDS = [
  'Role Link',
  'Send Port Group',
  'Receive Port',
  'Receive Location',
  'Orchestration',
  'Policy',
  'Schema',
  'Map',
  'Pipeline',
  'Resource',
  'Party',
  'Message Box',
  'Adapter',
] as const;
export const ArtifactKindSchema = z.enum(ARTIFACT_KINDS);
export type ArtifactKind = z.infer<typeof ArtifactKindSchema>;

export const ArtifactSchema = z
  .object({
    kind: ArtifactKindSchema,
    name: z.string(),
    application: z.string().nullable(),
    description: z.string().nullable(),
    properties: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Artifact' });
export type Artifact = z.infer<typeof ArtifactSchema>;
export const ArtifactListSchema = listOf(ArtifactSchema);

export const ApplicationSchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    isSystem: z.boolean(),
    /** Send Ports plus every artifact kind, keyed by the tree's node name ('Send Ports', 'Orchestrations', …). */
    counts: z.record(z.string(), z.number().int().nonnegative()),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof ApplicationSchema>;
export const ApplicationListSchema = listOf(ApplicationSchema);

export const CreateApplicationRequestSchema = z
  .object({
    name: text()
      .trim()
      .min(1, 'Enter the application name')
      .max(256, 'An application name has at most 256 characters')
      .refine((name) => !/[<>"|\\/*?:]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20), {
        message: 'An application name cannot contain < > " | \\ / * ? : or control characters',
      }),
    description: text('many').max(1024).optional(),
  })
  .meta({ id: 'CreateApplicationRequest' });
export type CreateApplicationRequest = z.infer<typeof CreateApplicationRequestSchema>;
