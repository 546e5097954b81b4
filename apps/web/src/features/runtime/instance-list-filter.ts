import { MESSAGE_INSTANCE_STATUSES, type MessageInstanceStatus } from '@bts-console/domain';

/** Which instances the list shows: one status, or all of them. */
export type InstanceStatusFilter = MessageInstanceStatus | 'all';

export const SUSPENDED: MessageInstanceStatus = 'Suspended (resumable)';

/** The list's `status` query parameter: absent or unknown means suspended, BizTalk's default query. */
export function parseInstanceStatusFilter(value: string | null): InstanceStatusFilter {
  if (value === 'all') return 'all';
  return MESSAGE_INSTANCE_STATUSES.find((status) => status === value) ?? SUSPENDED;
}

/** The list's title and accessible name: `Suspended Instances` for the default view. */
export function instanceListTitle(status: InstanceStatusFilter): string {
  switch (status) {
    case 'all':
      return 'Message Instances';
    case 'Suspended (resumable)':
      return 'Suspended Instances';
    default:
      return `${status} Instances`;
  }
}
