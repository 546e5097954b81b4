import { z } from 'zod';

/** Bound: not enlisted, no subscription. Stopped: enlisted, messages queue up. Started: messages are sent. */
export const SEND_PORT_STATUSES = ['Bound', 'Stopped', 'Started'] as const;

/** In the order the BizTalk console's context menu lists them. */
export const SEND_PORT_OPERATIONS = ['enlist', 'start', 'stop', 'unenlist'] as const;

export const SendPortStatusSchema = z.enum(SEND_PORT_STATUSES);
export type SendPortStatus = z.infer<typeof SendPortStatusSchema>;

export const SendPortOperationSchema = z.enum(SEND_PORT_OPERATIONS);
export type SendPortOperation = z.infer<typeof SendPortOperationSchema>;

export type SendPortTransition = { ok: true; status: SendPortStatus } | { ok: false; message: string };

/**
 * Each status's answer to each operation: the status it leads to, or why it is refused.
 * As in the BizTalk Server Administration console, Start on a Bound port enlists and starts it in one
 * step, and Unenlist on a Started port stops and unenlists it in one step; both are what an
 * administrator means, and refusing them would only add a click. An operation that would change
 * nothing (starting a Started port) is refused, so a caller learns that the port was not as it thought.
 */
const TRANSITIONS: Record<SendPortStatus, Record<SendPortOperation, SendPortTransition>> = {
  Bound: {
    enlist: { ok: true, status: 'Stopped' },
    start: { ok: true, status: 'Started' },
    stop: {
      ok: false,
      message: 'The send port is Bound (not enlisted), so it is not running and cannot be stopped.',
    },
    unenlist: { ok: false, message: 'The send port is already Bound (not enlisted).' },
  },
  Stopped: {
    enlist: {
      ok: false,
      message: 'The send port is already enlisted; it is Stopped. Start it to send messages.',
    },
    start: { ok: true, status: 'Started' },
    stop: { ok: false, message: 'The send port is already Stopped.' },
    unenlist: { ok: true, status: 'Bound' },
  },
  Started: {
    enlist: { ok: false, message: 'The send port is already enlisted and Started.' },
    start: { ok: false, message: 'The send port is already Started.' },
    stop: { ok: true, status: 'Stopped' },
    unenlist: { ok: true, status: 'Bound' },
  },
};

/** The status a send port moves to when the operation is applied, or a message saying why it cannot be. */
export function nextSendPortStatus(status: SendPortStatus, operation: SendPortOperation): SendPortTransition {
  return { ...TRANSITIONS[status][operation] };
}

/** The operations a send port in this status accepts, in context-menu order. */
export function availableOperations(status: SendPortStatus): SendPortOperation[] {
  return SEND_PORT_OPERATIONS.filter((operation) => TRANSITIONS[status][operation].ok);
}
