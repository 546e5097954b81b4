import type { Request, RequestHandler } from 'express';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this the bytes saved do not pay for the work and the header. */
export const COMPRESSED_FROM_BYTES = 1024;

/**
 * A fast brotli level: the 10,000-port list (2.7 MB) compresses in tens of milliseconds, on the thread
 * pool, to about a twentieth; the highest levels would take seconds for a few percent more.
 */
const compressors = {
  br: promisify((input: Buffer, done: (error: Error | null, output: Buffer) => void) =>
    brotliCompress(
      input,
      {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
        },
      },
      done,
    ),
  ),
  gzip: promisify((input: Buffer, done: (error: Error | null, output: Buffer) => void) =>
    gzip(input, { level: 6 }, done),
  ),
};

/**
 * The first of `ours` (our order of preference) that the client accepts. Brotli is smaller than gzip
 * for the same work, so it wins whatever order the client lists them in (Chromium sends
 * `gzip, deflate, br, zstd`); a q of 0 refuses one.
 */
export function preferredEncoding<E extends string>(req: Request, ours: readonly E[]): E | undefined {
  if (!req.get('accept-encoding')) return undefined;
  return ours.find((encoding) => req.acceptsEncodings(encoding) === encoding);
}

/**
 * Compresses JSON answers of at least COMPRESSED_FROM_BYTES, with brotli when the client accepts it,
 * else gzip; `Vary: Accept-Encoding` on every JSON answer so a cache keeps them apart. It takes over
 * `res.send`, which `res.json` ends in; answers written as a stream (a file download) pass as they are.
 */
export const compressJson: RequestHandler = (req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const type = String(res.getHeader('Content-Type') ?? '');
    if (!/[/+]json\b/.test(type) || res.getHeader('Content-Encoding') !== undefined) return send(body);
    res.vary('Accept-Encoding');
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : undefined;
    const encoding = preferredEncoding(req, ['br', 'gzip'] as const);
    if (!bytes || bytes.length < COMPRESSED_FROM_BYTES || encoding === undefined) {
      return send(body);
    }
    compressors[encoding](bytes).then(
      (compressed) => {
        res.setHeader('Content-Encoding', encoding);
        send(compressed);
      },
      // Compression cannot fail on bytes in memory short of running out of it; the answer still goes.
      () => send(bytes),
    );
    return res;
  };
  next();
};
