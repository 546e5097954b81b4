import { describe, expect, it } from 'vitest';
import {
  SEND_PORT_OPERATIONS,
  SEND_PORT_STATUSES,
  SendPortOperationSchema,
  SendPortStatusSchema,
  availableOperations,
  nextSendPortStatus,
  type SendPortOperation,
  type SendPortStatus,
} from './send-port-state';

// The whole table: every status against every operation.
const TABLE: Array<[SendPortStatus, SendPortOperation, { status: SendPortStatus } | { message: string }]> = [
  ['Bound', 'enlist', { status: 'Stopped' }],
  ['Bound', 'start', { status: 'Started' }],
  [
    'Bound',
    'stop',
    { message: 'The send port is Bound (not enlisted), so it is not running and cannot be stopped.' },
  ],
  ['Bound', 'unenlist', { message: 'The send port is already Bound (not enlisted).' }],
  [
    'Stopped',
    'enlist',
    { message: 'The send port is already enlisted; it is Stopped. Start it to send messages.' },
  ],
  ['Stopped', 'start', { status: 'Started' }],
  ['Stopped', 'stop', { message: 'The send port is already Stopped.' }],
  ['Stopped', 'unenlist', { status: 'Bound' }],
  ['Started', 'enlist', { message: 'The send port is already enlisted and Started.' }],
  ['Started', 'start', { message: 'The send port is already Started.' }],
  ['Started', 'stop', { status: 'Stopped' }],
  ['Started', 'unenlist', { status: 'Bound' }],
];

describe('nextSendPortStatus', () => {
  it('covers every status and operation', () => {
    expect(TABLE).toHaveLength(SEND_PORT_STATUSES.length * SEND_PORT_OPERATIONS.length);
  });

  it.each(TABLE)('%s + %s', (status, operation, outcome) => {
    const expected = 'status' in outcome ? { ok: true, ...outcome } : { ok: false, ...outcome };
    expect(nextSendPortStatus(status, operation)).toEqual(expected);
  });

  it('follows the BizTalk life cycle: enlist, start, stop, unenlist', () => {
    let status: SendPortStatus = 'Bound';
    for (const operation of ['enlist', 'start', 'stop', 'unenlist'] as const) {
      const next = nextSendPortStatus(status, operation);
      if (!next.ok) throw new Error(next.message);
      status = next.status;
    }
    expect(status).toBe('Bound');
  });

  it('hands back a result the caller may change without changing the table', () => {
    const first = nextSendPortStatus('Bound', 'enlist');
    if (first.ok) first.status = 'Started';
    expect(nextSendPortStatus('Bound', 'enlist')).toEqual({ ok: true, status: 'Stopped' });
  });
});

describe('availableOperations', () => {
  it.each([
    ['Bound', ['enlist', 'start']],
    ['Stopped', ['start', 'unenlist']],
    ['Started', ['stop', 'unenlist']],
  ] as const)('%s offers %j, in context-menu order', (status, operations) => {
    expect(availableOperations(status)).toEqual(operations);
  });

  it('offers exactly the operations that nextSendPortStatus accepts', () => {
    for (const status of SEND_PORT_STATUSES) {
      const accepted = SEND_PORT_OPERATIONS.filter((operation) => nextSendPortStatus(status, operation).ok);
      expect(availableOperations(status)).toEqual(accepted);
    }
  });
});

describe('schemas', () => {
  it('accept the BizTalk spellings and refuse anything else', () => {
    expect(SendPortStatusSchema.parse('Started')).toBe('Started');
    expect(SendPortStatusSchema.safeParse('started').success).toBe(false);
    expect(SendPortStatusSchema.safeParse('Enlisted').success).toBe(false);
    expect(SendPortOperationSchema.parse('unenlist')).toBe('unenlist');
    expect(SendPortOperationSchema.safeParse('Start').success).toBe(false);
    expect(SendPortOperationSchema.safeParse('restart').success).toBe(false);
  });
});
