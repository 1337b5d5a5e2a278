// Writes a stream to a file and frees each chunk's memory once it is on disk (releaseBuffer): with
// fs.WriteStream the written chunks would wait for a garbage collection, which is what sets a
// download's peak memory. Destroying the sink waits for a write under way, so the file's size
// afterwards counts every byte that reached it.
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { releaseBuffer } from '../transport/releasedBuffers';

export class ReleasingFileSink extends Writable {
  private handle?: FileHandle;
  private writing?: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly flags: string,
    highWaterMark: number,
    /** Hears each write that landed, with its byte count. */
    private readonly onWritten?: (bytes: number) => void,
  ) {
    super({ highWaterMark, decodeStrings: true });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, this.flags).then((handle) => {
      this.handle = handle;
      callback();
    }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeAll([chunk], callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map(({ chunk }) => chunk), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeHandle().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const settled = this.writing ?? Promise.resolve();
    settled.then(() => this.closeHandle()).then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }

  private writeAll(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    const bytes = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const finish = (error?: Error): void => {
      this.writing = undefined;
      for (const buffer of buffers) releaseBuffer(buffer);
      if (!error) this.onWritten?.(bytes);
      callback(error);
    };
    this.writing = writeFully(this.handle!, buffers).then(() => finish(), finish);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

/** writev may write less than asked (a signal, a full disk, more buffers than the system takes at once): the rest follows. */
async function writeFully(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let remaining = buffers.filter((buffer) => buffer.length > 0);
  while (remaining.length > 0) {
    let { bytesWritten } = await handle.writev(remaining);
    if (bytesWritten === 0) throw new Error('the file took no more bytes');
    const rest: Buffer[] = [];
    for (const buffer of remaining) {
      if (bytesWritten >= buffer.length) bytesWritten -= buffer.length;
      else {
        rest.push(bytesWritten > 0 ? buffer.subarray(bytesWritten) : buffer);
        bytesWritten = 0;
      }
    }
    remaining = rest;
  }
}
