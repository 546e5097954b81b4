import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readBindingFile, type BindingFileRest, type BoundSendPort } from './binding-file';

/**
 * A binding file read whole, its send ports kept on disk (one JSON line each) until the import takes
 * them back a batch at a time. The file is read before the import's transaction begins, so no
 * transaction waits on an upload, and memory holds a batch of ports, not the file's 50,000.
 */
export interface SpooledBindingFile extends BindingFileRest {
  /** The readable send ports, in the file's order, `size` at a time. */
  batches(size: number): AsyncGenerator<BoundSendPort[]>;
  /** Deletes the ports kept on disk. */
  remove(): Promise<void>;
}

/** Reads a binding file as it arrives (see readBindingFile), keeping its send ports in a temporary file. */
export async function spoolBindingFile(
  bytes: AsyncIterable<Uint8Array> | Uint8Array,
): Promise<SpooledBindingFile> {
  const folder = await mkdtemp(join(tmpdir(), 'bts-binding-import-'));
  const path = join(folder, 'send-ports.jsonl');
  const remove = () => rm(folder, { recursive: true, force: true });
  let rest: BindingFileRest;
  try {
    const handle = await open(path, 'a');
    try {
      rest = await readBindingFile(bytes, async (sendPorts) => {
        let lines = '';
        for (const port of sendPorts) lines += `${JSON.stringify(port)}\n`;
        await handle.appendFile(lines);
      });
    } finally {
      await handle.close();
    }
  } catch (error) {
    await remove();
    throw error;
  }

  async function* batches(size: number): AsyncGenerator<BoundSendPort[]> {
    // JSON escapes \n and \r inside strings, so each line is one port.
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let batch: BoundSendPort[] = [];
    for await (const line of lines) {
      batch.push(JSON.parse(line) as BoundSendPort);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  return { ...rest, batches, remove };
}
