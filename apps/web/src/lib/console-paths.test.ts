import { describe, expect, it } from 'vitest';
import { consolePaths, groupNodeLabel } from './console-paths';
import { apiPath } from './api-client';

describe('consolePaths', () => {
  it('encodes BizTalk names, which contain dots, spaces, brackets and slashes', () => {
    expect(consolePaths.sendPortProperties('BizTalk Application 1', 'SP [Orders]/Out', 'certificate')).toBe(
      '/applications/BizTalk%20Application%201/send-ports/SP%20%5BOrders%5D%2FOut/properties/certificate',
    );
    expect(consolePaths.sendPorts('Contoso.Orders')).toBe('/applications/Contoso.Orders/send-ports');
  });

  it('names the group node as the BizTalk console does', () => {
    expect(groupNodeLabel('SQL01:BizTalkMgmtDb')).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
    expect(groupNodeLabel('BizTalk Group [SQL01:BizTalkMgmtDb]')).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
  });
});

describe('apiPath', () => {
  it('encodes each interpolated name and nothing else', () => {
    expect(apiPath`/api/send-ports/${'SP #1?x=y'}/certificate`).toBe(
      '/api/send-ports/SP%20%231%3Fx%3Dy/certificate',
    );
  });
});
