import { describe, expect, it } from 'vitest';
import { consoleFirstRequests, sendPortsPagePath } from './console-first-requests';

describe('sendPortsPagePath', () => {
  it("asks for the view's page by offset, with the filter encoded and the name as one segment", () => {
    expect(sendPortsPagePath('Contoso.Orders', { q: '', sort: 'name', order: 'asc' }, 1)).toBe(
      '/api/applications/Contoso.Orders/send-ports?sort=name&order=asc&limit=200&offset=0',
    );
    expect(sendPortsPagePath('A/B C', { q: ' a&b=c ', sort: 'certificate', order: 'desc' }, 3)).toBe(
      '/api/applications/A%2FB%20C/send-ports?sort=certificate&order=desc&limit=200&offset=400&q=a%26b%3Dc',
    );
  });
});

describe('consoleFirstRequests', () => {
  it('starts with the session check, adds the opening page of a Send Ports list, then the tree', () => {
    expect(consoleFirstRequests('/applications/A%2FB%20C/send-ports/P1/properties')).toEqual([
      '/api/session',
      '/api/applications/A%2FB%20C/send-ports?sort=name&order=asc&limit=200&offset=0',
      '/api/group',
      '/api/applications',
    ]);
    expect(consoleFirstRequests('/applications/A/send-port-groups')).toEqual([
      '/api/session',
      '/api/group',
      '/api/applications',
    ]);
    expect(consoleFirstRequests('/sign-in')).toEqual([]);
    // A name that is not valid percent-encoding names no application: nothing is asked for it.
    expect(consoleFirstRequests('/applications/%E0%A4%A/send-ports')).toEqual([]);
  });
});
