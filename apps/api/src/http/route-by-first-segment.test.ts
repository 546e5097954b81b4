import express, { Router, type ErrorRequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeByFirstSegment } from './route-by-first-segment';

describe('routeByFirstSegment', () => {
  let baseUrl: string;
  let close: () => void;
  const entered: string[] = [];

  beforeAll(async () => {
    const ports = Router();
    ports.use((_req, _res, next) => next()); // a router-wide middleware must not hide the router's routes
    ports.get('/send-ports/:name', (req, res) => void res.send(`port ${req.params.name}`));
    ports.get('/applications/:app/send-ports', (req, res) => void res.send(`ports of ${req.params.app}`));

    const runtime = Router();
    runtime.use('/send-ports', (_req, _res, next) => {
      entered.push('runtime');
      next();
    });
    runtime.post('/send-ports/:name/test-message', (_req, res) => void res.send('sent'));
    runtime.get('/send-ports/:name', (_req, res) => void res.send('runtime must not win: ports comes first'));
    runtime.get('/failing', () => {
      throw new Error('broken route');
    });

    const applications = Router();
    applications.use('/applications', (_req, _res, next) => {
      entered.push('applications');
      next();
    });
    applications.get('/applications', (_req, res) => void res.send('applications'));
    applications.get('/applications/:app', (req, _res, next) =>
      req.params.app === 'pass' ? next() : next('router'),
    );

    const catchAll = Router();
    catchAll.get('/:anything/echo', (req, res) => void res.send(`echo ${req.params.anything}`));

    const app = express();
    app.use('/api', (_req, _res, next) => {
      entered.length = 0;
      next();
    });
    app.use('/api', routeByFirstSegment([ports, runtime, applications, catchAll]));
    app.use('/api', (_req, res) => void res.status(404).send('not found'));
    const onError: ErrorRequestHandler = (error: Error, _req, res, _next) =>
      void res.status(500).send(error.message);
    app.use(onError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  async function get(path: string, method = 'GET'): Promise<[number, string]> {
    const response = await fetch(`${baseUrl}${path}`, { method });
    return [response.status, await response.text()];
  }

  it('reaches each route through its first segment, in the order the routers were given', async () => {
    expect(await get('/api/send-ports/SP.Orders.AS2')).toEqual([200, 'port SP.Orders.AS2']);
    expect(await get('/api/send-ports/SP.Orders.AS2/test-message', 'POST')).toEqual([200, 'sent']);
    expect(await get('/api/applications/Contoso.Orders/send-ports')).toEqual([
      200,
      'ports of Contoso.Orders',
    ]);
    expect(await get('/api/applications')).toEqual([200, 'applications']);
  });

  it('enters no router that has no route under the first segment', async () => {
    expect(await get('/api/applications')).toEqual([200, 'applications']);
    expect(entered).toEqual(['applications']);
    expect(await get('/api/send-ports/x/test-message', 'POST')).toEqual([200, 'sent']);
    expect(entered).toEqual(['runtime']);
    expect(await get('/api/send-ports/x')).toEqual([200, 'port x']);
    expect(entered).toEqual([]);
  });

  it('matches the first segment case-insensitively, as Express does', async () => {
    expect(await get('/api/SEND-PORTS/x')).toEqual([200, 'port x']);
  });

  it('still offers every request to a router whose route starts with a parameter', async () => {
    expect(await get('/api/computers/echo')).toEqual([200, 'echo computers']);
    expect(await get('/api/send-ports/echo')).toEqual([200, 'port echo']);
  });

  it("goes on to the next router after next('router') or no match, and to the app's 404 after the last", async () => {
    expect(await get('/api/applications/echo')).toEqual([200, 'echo applications']);
    expect(await get('/api/applications/pass')).toEqual([404, 'not found']);
    expect(await get('/api/applications/skip')).toEqual([404, 'not found']);
    expect(await get('/api/no-such-thing')).toEqual([404, 'not found']);
    expect(await get('/api')).toEqual([404, 'not found']);
  });

  it("passes a route's error to the app's error handler", async () => {
    expect(await get('/api/failing')).toEqual([500, 'broken route']);
  });

  it('lists its routers as layers, so the route table can be walked', () => {
    const dispatch = routeByFirstSegment([Router(), Router()]);
    expect(dispatch.stack).toHaveLength(2);
  });
});
