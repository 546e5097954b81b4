import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP receiver on 127.0.0.1. It answers 503 to the first `failuresEach` requests about each
 * certificate and 200 after that, and keeps every body it was sent.
 */
export async function startReceiver(failuresEach: number) {
  const received: { thumbprint: string; body: unknown; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { thumbprint: string };
      const earlier = received.filter((entry) => entry.thumbprint === body.thumbprint).length;
      const status = earlier < failuresEach ? 503 : 200;
      received.push({ thumbprint: body.thumbprint, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'busy');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/bts`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
