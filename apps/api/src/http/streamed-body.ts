import type { Request } from 'express';
import type { Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HttpProblem } from './problem';

/** The Content-Encodings a streamed body may arrive in, each undone as the bytes arrive. */
const DECOMPRESSORS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export interface StreamedBodyLimits {
  /** The most bytes accepted once decompressed; more is refused with 413. */
  limit: number;
  /** The 413 detail, in the route's words. */
  tooLarge: string;
}

/**
 * The request body's bytes as they arrive, decompressed, refused with 413 as soon as they pass the
 * limit (before reading anything when Content-Length already says so). Nothing is held: what the
 * reader does not keep is gone. When reading stops early (a refusal, the limit), the rest of the body
 * is read off and dropped before the generator returns, as body-parser does, so that the client, still
 * sending, receives the answer instead of a reset connection.
 */
export async function* streamedRequestBody(
  req: Request,
  { limit, tooLarge }: StreamedBodyLimits,
): AsyncGenerator<Uint8Array> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decompressor = encoding === 'identity' ? undefined : DECOMPRESSORS[encoding];
  let source: Readable = req;
  let decompressing: Transform | undefined;
  let complete = false;
  /** The upload itself failed (the client went away): not the body's fault, and no one to answer. */
  let clientFailed = false;
  try {
    if (encoding !== 'identity' && !decompressor) {
      throw new HttpProblem({
        status: 415,
        code: 'unsupported-media-type',
        detail: `The request's Content-Encoding '${encoding}' is not supported. Send the body uncompressed, or compressed with gzip, deflate or br.`,
      });
    }
    if (!decompressor && Number(req.headers['content-length'] ?? 0) > limit) {
      throw new HttpProblem({ status: 413, code: 'payload-too-large', detail: tooLarge });
    }
    if (decompressor) {
      const stream = decompressor();
      req.on('error', (error) => {
        clientFailed = true;
        stream.destroy(error);
      });
      source = decompressing = req.pipe(stream);
    }
    let received = 0;
    try {
      for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > limit) {
          throw new HttpProblem({ status: 413, code: 'payload-too-large', detail: tooLarge });
        }
        yield chunk;
      }
    } catch (error) {
      if (error instanceof HttpProblem || !decompressing || clientFailed) throw error;
      throw new HttpProblem({
        status: 400,
        code: 'malformed-compression',
        detail: `The body is not valid ${encoding} data (${(error as Error).message}). Compress the file again, or send it uncompressed.`,
      });
    }
    complete = true;
  } finally {
    if (!complete) await readOff(req, decompressing);
  }
}

async function readOff(req: Request, decompressing: Transform | undefined): Promise<void> {
  if (decompressing) {
    req.unpipe(decompressing);
    decompressing.destroy();
  }
  if (req.readableEnded || req.destroyed) return;
  req.resume();
  await finished(req).catch(() => undefined);
}
