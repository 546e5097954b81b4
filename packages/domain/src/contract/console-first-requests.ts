import { apiPath } from './api-path';
import type { SendPortSort } from './send-ports';

/** Rows per request of the console's Send Ports list. */
export const SEND_PORTS_CONSOLE_PAGE_SIZE = 200;

/** A page of an application's send ports as the console asks for it: the view's filter and order, 1-based. */
export function sendPortsPagePath(
  application: string,
  view: { q: string; sort: SendPortSort; order: 'asc' | 'desc' },
  page: number,
): string {
  const search = [
    `sort=${view.sort}`,
    `order=${view.order}`,
    `limit=${SEND_PORTS_CONSOLE_PAGE_SIZE}`,
    `offset=${(page - 1) * SEND_PORTS_CONSOLE_PAGE_SIZE}`,
  ];
  if (view.q.trim() !== '') search.push(`q=${encodeURIComponent(view.q.trim())}`);
  return `${apiPath`/api/applications/${application}/send-ports`}?${search.join('&')}`;
}

/** The Send Ports list as it opens: every port, by name. */
export const SEND_PORTS_OPENING_VIEW = { q: '', sort: 'name', order: 'asc' } as const;

const SEND_PORTS_PAGE = /^\/applications\/([^/]+)\/send-ports(?:\/|$)/;

/**
 * The API reads a console page starts with once someone is signed in, by the page's path: the session check
 * first (every page waits for it), on a Send Ports page the list's first page, and the console tree's data. The server names them in the page's `Link` header
 * (rel=preload), so that the browser asks for them while it still loads the console's scripts; the console's
 * own requests, for the same URLs, take the answers (docs/decisions/026-first-requests-preloaded.md).
 */
export function consoleFirstRequests(pathname: string): string[] {
  if (pathname === '/sign-in' || pathname.startsWith('/sign-in/')) return [];
  const requests = ['/api/session'];
  const sendPorts = SEND_PORTS_PAGE.exec(pathname);
  if (sendPorts) {
    let application: string;
    try {
      application = decodeURIComponent(sendPorts[1]!);
    } catch {
      return [];
    }
    requests.push(sendPortsPagePath(application, SEND_PORTS_OPENING_VIEW, 1));
  }
  requests.push('/api/group', '/api/applications');
  return requests;
}
