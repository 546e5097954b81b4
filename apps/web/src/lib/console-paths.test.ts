import { describe, expect, it } from 'vitest';
import { consolePaths, groupNodeLabel } from './console-paths';

describe('consolePaths', () => {
  it('encodes BizTalk names, which contain dots, spaces, brackets and slashes', () => {
    expect(consolePaths.sendPortProperties('BizTalk Application 1', 'SP [Orders]/Out', 'certificate')).toBe(
      '/applications/BizTalk%20Application%201/send-ports/SP%20%5BOrders%5D%2FOut/properties/certificate',
    );
    expect(consolePaths.sendPorts('Contoso.Orders')).toBe('/applications/Contoso.Orders/send-ports');
  });

  it('sends a signed-out visitor to the sign-in page with the way back, encoded, except from the root', () => {
    expect(consolePaths.signInReturningTo('/')).toBe('/sign-in');
    expect(consolePaths.signInReturningTo('/applications/Contoso.Orders/send-ports?x=1#y')).toBe(
      '/sign-in?returnTo=%2Fapplications%2FContoso.Orders%2Fsend-ports%3Fx%3D1%23y',
    );
  });

  it('keeps the Suspended Instances query in the URL, encoded, and leaves out what is not set', () => {
    expect(consolePaths.suspendedInstances()).toBe('/group/suspended-instances');
    expect(consolePaths.suspendedInstances({ sendPort: 'SP.Orders & Co', instance: null })).toBe(
      '/group/suspended-instances?sendPort=SP.Orders+%26+Co',
    );
    const url = new URL(
      consolePaths.suspendedInstances({ sendPort: 'SP #1', status: 'all', instance: 'a/b' }),
      'http://console',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      sendPort: 'SP #1',
      status: 'all',
      instance: 'a/b',
    });
  });

  it('gives each server its Event Viewer and each port its test message dialog', () => {
    expect(consolePaths.eventViewer('BTS 01')).toBe('/platform-settings/servers/BTS%2001/event-viewer');
    expect(consolePaths.sendTestMessage('Contoso.Orders', 'SP/Out')).toBe(
      '/applications/Contoso.Orders/send-ports/SP%2FOut/test-message',
    );
  });

  it('names the group node as the BizTalk console does', () => {
    expect(groupNodeLabel('SQL01:BizTalkMgmtDb')).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
    expect(groupNodeLabel('BizTalk Group [SQL01:BizTalkMgmtDb]')).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
  });
});
