import type { SendPortStatus } from '@bts-console/domain';
import { REQUIRES_OPERATORS } from '../../lib/auth/permissions';

/**
 * Why the `Send test message` action is unavailable for a port, or null when it is available. A Stopped
 * port stays available: BizTalk suspends its messages, and seeing that is the point of a test.
 */
export function testMessageDeniedReason(status: SendPortStatus, canOperate: boolean): string | null {
  if (!canOperate) return REQUIRES_OPERATORS;
  if (status === 'Bound') {
    return 'The send port is Bound: it has no subscription, so a message would go nowhere. Enlist it first.';
  }
  return null;
}
