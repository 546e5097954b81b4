import { SEND_PORT_STATUSES } from '@bts-console/domain';
import { describe, expect, it } from 'vitest';
import { REQUIRES_OPERATORS } from '../../lib/auth/permissions';
import { testMessageDeniedReason } from './test-message-access';

describe('testMessageDeniedReason', () => {
  it('lets operators and administrators test enlisted ports, Stopped ones included', () => {
    expect(testMessageDeniedReason('Started', true)).toBeNull();
    expect(testMessageDeniedReason('Stopped', true)).toBeNull();
  });

  it('tells a read-only user which role it takes, whatever the port state', () => {
    for (const status of SEND_PORT_STATUSES) {
      expect(testMessageDeniedReason(status, false)).toBe(REQUIRES_OPERATORS);
    }
  });

  it('says why a Bound port cannot take a message, and what to do', () => {
    expect(testMessageDeniedReason('Bound', true)).toMatch(/Bound.*subscription.*Enlist/);
  });
});
