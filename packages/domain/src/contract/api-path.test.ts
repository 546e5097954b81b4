import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiPath } from './api-path';

describe('apiPath', () => {
  it('encodes BizTalk names, which contain dots, spaces, slashes and brackets, as one path segment each', () => {
    expect(apiPath`/applications/${'BizTalk Application 1'}/send-ports`).toBe(
      '/applications/BizTalk%20Application%201/send-ports',
    );
    expect(apiPath`/send-ports/${'SP/Orders [AS2]?#'}/start`).toBe(
      '/send-ports/SP%2FOrders%20%5BAS2%5D%3F%23/start',
    );
    expect(apiPath`/api/send-ports/${'SP #1?x=y'}/certificate`).toBe(
      '/api/send-ports/SP%20%231%3Fx%3Dy/certificate',
    );
    expect(apiPath`/api/send-ports`).toBe('/api/send-ports');
  });

  it('keeps every name in its own segment and gives it back unchanged once decoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (port, computer) => {
        const segments = apiPath`/api/send-ports/${port}/computers/${computer}`.split('/');
        expect(segments).toHaveLength(6);
        expect(decodeURIComponent(segments[3] ?? '')).toBe(port);
        expect(decodeURIComponent(segments[5] ?? '')).toBe(computer);
      }),
    );
  });
});
