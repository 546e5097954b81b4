import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BindingsImportQuerySchema, splitPortServers } from './bindings';

describe('splitPortServers', () => {
  it('splits at the last separator, since send port names may hold one and server names never do', () => {
    expect(splitPortServers('SP.Orders.AS2:BTS02', ':')).toEqual({
      sendPort: 'SP.Orders.AS2',
      servers: ['BTS02'],
    });
    expect(splitPortServers('Partner: Contoso:BTS01, BTS02 ,', ':')).toEqual({
      sendPort: 'Partner: Contoso',
      servers: ['BTS01', 'BTS02'],
    });
    expect(splitPortServers('SP.Orders.AS2=BTS02', '=')).toEqual({
      sendPort: 'SP.Orders.AS2',
      servers: ['BTS02'],
    });
  });

  it('gives nothing when the port or every server is missing', () => {
    for (const value of ['BTS02', 'SP.Orders.AS2:', ':BTS02', ' : , ', '']) {
      expect(splitPortServers(value, ':'), value).toBeUndefined();
    }
  });

  it('reads back any port and servers it was given', () => {
    const serverName = fc.stringMatching(/^[A-Za-z0-9-]{1,15}$/);
    const portName = fc.string({ minLength: 1, maxLength: 80 }).filter((name) => name.trim() !== '');
    fc.assert(
      fc.property(portName, fc.array(serverName, { minLength: 1, maxLength: 5 }), (port, servers) => {
        expect(splitPortServers(`${port}:${servers.join(',')}`, ':')).toEqual({
          sendPort: port.trim(),
          servers,
        });
      }),
    );
  });
});

describe('BindingsImportQuerySchema: acknowledgeMissingOnPort', () => {
  it('takes one value or several, each checked alone', () => {
    expect(
      BindingsImportQuerySchema.parse({ acknowledgeMissingOnPort: 'SP.A:BTS02' }).acknowledgeMissingOnPort,
    ).toEqual([{ sendPort: 'SP.A', servers: ['BTS02'] }]);
    const refused = BindingsImportQuerySchema.safeParse({
      acknowledgeMissingOnPort: ['SP.A:BTS02', 'BTS02'],
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['acknowledgeMissingOnPort', 1]);
    expect(refused.error?.issues[0]?.message).toContain('<send port>:<server>');
  });
});
