import { describe, expect, it } from 'vitest';
import { SEND_PORT_STATUSES, nextSendPortStatus } from '../send-port-state';
import { applicationPortOperation } from './application-operations';

describe('applicationPortOperation', () => {
  it('starts every port not Started and stops every Started one, leaving the rest', () => {
    expect(SEND_PORT_STATUSES.map((status) => applicationPortOperation('start', status))).toEqual([
      'start',
      'start',
      null,
    ]);
    expect(SEND_PORT_STATUSES.map((status) => applicationPortOperation('stop', status))).toEqual([
      null,
      null,
      'stop',
    ]);
  });

  it('asks only for operations the port accepts, so Start ends Started and Stop ends enlisted', () => {
    for (const status of SEND_PORT_STATUSES) {
      const start = applicationPortOperation('start', status);
      if (start) expect(nextSendPortStatus(status, start)).toEqual({ ok: true, status: 'Started' });
      const stop = applicationPortOperation('stop', status);
      if (stop) expect(nextSendPortStatus(status, stop)).toEqual({ ok: true, status: 'Stopped' });
    }
  });
});
