import type { Request, RequestHandler } from 'express';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/** Below this the bytes saved do not pay for the work and the header. */
export const COMPRESSED_FROM_BYTES = 1024;

/**
 * Answers up to this size are compressed on the event loop: a port (2 KB) or a page of 200 rows
 * (60 KB) takes tens to hundreds of microseconds, less than handing the work to the thread pool and
 * back. Larger ones go to the thread pool, so that no request holds the loop.
 */
export const COMPRESSED_AT_ONCE_UP_TO = 64 * 1024;

/**
 * A fast brotli level: the 10,000-port list (2.7 MB) compresses in tens of milliseconds, on the thread
 * pool, to about a twentieth; the highest levels would take seconds for a few percent more. The window
 * is no larger than the answer (brotli's smallest is 1 KB): the same output, less to set up.
 */
function brotliOptions(input: Buffer) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 4,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
      [constants.BROTLI_PARAM_LGWIN]: Math.min(
        constants.BROTLI_MAX_WINDOW_BITS,
        Math.max(constants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(input.length + 1))),
      ),
    },
  };
}

const GZIP_OPTIONS = { level: 6 };
const brotliInPool = promisify(brotliCompress);
const gzipInPool = promisify(gzip);

/** At once or in the pool by size; a failure either way is a rejection. */
const compressors = {
  br: (input: Buffer): Promise<Buffer> =>
    input.length <= COMPRESSED_AT_ONCE_UP_TO
      ? new Promise((resolve) => resolve(brotliCompressSync(input, brotliOptions(input))))
      : brotliInPool(input, brotliOptions(input)),
  gzip: (input: Buffer): Promise<Buffer> =>
    input.length <= COMPRESSED_AT_ONCE_UP_TO
      ? new Promise((resolve) => resolve(gzipSync(input, GZIP_OPTIONS)))
      : gzipInPool(input, GZIP_OPTIONS),
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
