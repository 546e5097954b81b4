import { z } from 'zod';
import { SendPortStatusSchema, type SendPortOperation, type SendPortStatus } from '../send-port-state';

/** Start and Stop on an application, as on its node in the BizTalk console. */
export const APPLICATION_OPERATIONS = ['start', 'stop'] as const;
export const ApplicationOperationSchema = z.enum(APPLICATION_OPERATIONS);
export type ApplicationOperation = z.infer<typeof ApplicationOperationSchema>;

/**
 * What an application's Start or Stop does to one of its send ports: Start enlists and starts every port
 * not yet Started, Stop stops every Started one (they stay enlisted); null leaves the port as it is.
 */
export function applicationPortOperation(
  operation: ApplicationOperation,
  status: SendPortStatus,
): SendPortOperation | null {
  if (operation === 'start') return status === 'Started' ? null : 'start';
  return status === 'Started' ? 'stop' : null;
}

export const ApplicationStatusChangeSchema = z
  .object({
    application: z.string(),
    operation: ApplicationOperationSchema,
    /** The ports whose status changed, by name. */
    changed: z.array(
      z.object({ name: z.string(), before: SendPortStatusSchema, after: SendPortStatusSchema }),
    ),
    /** The ports that were already as asked, by name. */
    unchanged: z.array(z.string()),
  })
  .meta({ id: 'ApplicationStatusChange' });
export type ApplicationStatusChange = z.infer<typeof ApplicationStatusChangeSchema>;
