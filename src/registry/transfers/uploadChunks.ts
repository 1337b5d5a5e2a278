// PATCH chunks of an upload, in order, with the next chunk read while the previous one is on the
// wire: the registry never waits for the disk. Two buffers take turns, so memory stays at two
// chunks whatever the blob's size. Chunks are buffers, so a retry or an auth round trip can resend one.
import { open } from 'node:fs/promises';
import type { CallOptions } from '../types';
import { AbortedError, RegistryError } from '../errors';
import { expectStatus } from '../transport/body';
import type { OperationContext } from '../operations/context';

const OCTET = 'application/octet-stream';

export type ChunkSource = Uint8Array | { filePath: string };

export interface ChunkOptions extends CallOptions {
  chunkBytes: number;
  /** Bytes the registry has confirmed. */
  onSent?: (transferred: number) => void;
}

/** Reads `[offset, offset+length)` of a file into `buffer`; a file that became shorter is an error. */
async function readInto(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, offset: number, length: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) throw new RegistryError(`the file became shorter while uploading (expected ${length} bytes at ${offset})`);
    filled += bytesRead;
  }
  return buffer.subarray(0, length);
}

/** Sends `size` bytes of `source` as PATCH chunks; returns the Location for the closing PUT. */
export async function patchChunks(context: OperationContext, startLocation: string, source: ChunkSource, size: number, options: ChunkOptions): Promise<string> {
  const chunkBytes = Math.max(1, Math.min(options.chunkBytes, size));
  const handle = source instanceof Uint8Array ? undefined : await open(source.filePath, 'r');
  const buffers = handle ? [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)] : [];
  const read = async (offset: number, turn: number): Promise<Buffer> => {
    const length = Math.min(chunkBytes, size - offset);
    return handle
      ? readInto(handle, buffers[turn % 2], offset, length)
      : Buffer.from((source as Uint8Array).buffer, (source as Uint8Array).byteOffset + offset, length);
  };
  let location = startLocation;
  let pending: Promise<Buffer> | undefined;
  try {
    let chunk = await read(0, 0);
    for (let offset = 0, turn = 0; offset < size; turn++) {
      if (options.signal?.aborted) throw new AbortedError('upload cancelled');
      const end = offset + chunk.length;
      // The other buffer is free: the chunk before this one has been answered.
      pending = end < size ? read(end, turn + 1) : undefined;
      const response = await context.transport.send({
        method: 'PATCH',
        url: location,
        headers: { 'content-type': OCTET, 'content-range': `${offset}-${end - 1}` },
        body: chunk,
        signal: options.signal,
      });
      await expectStatus(response, [202, 204]);
      const range = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get('range') ?? '');
      if (range && Number(range[1]) !== end - 1) {
        throw new RegistryError(`the registry has bytes 0-${range[1]} of the upload, expected 0-${end - 1}`);
      }
      const next = response.headers.get('location');
      if (next) location = new URL(next, response.request.url).toString();
      options.onSent?.(end);
      offset = end;
      if (pending) chunk = await pending;
      pending = undefined;
    }
    return location;
  } finally {
    // A read still running must finish before its file handle closes.
    await pending?.catch(() => undefined);
    await handle?.close();
  }
}
