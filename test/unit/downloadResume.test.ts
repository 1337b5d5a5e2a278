// A dropped connection leaves the previous attempt's last write to the temp file in flight for a
// moment. The resume must start from where that write ends, or the file gets bytes twice while the
// digest check (which sees the stream, not the file) still passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createHttpHeaders, type PipelineResponse } from '@azure/core-rest-pipeline';
import { downloadBlob } from '../../src/registry/transfers/download';
import type { OperationContext } from '../../src/registry/operations/context';
import type { TransportRequest } from '../../src/registry/transport/transport';

const CONTENT = Buffer.alloc(32 * 1024 * 1024);
for (let i = 0; i < CONTENT.length; i += 4) CONTENT.writeUInt32BE(i, i);
const DESCRIPTOR = { digest: `sha256:${createHash('sha256').update(CONTENT).digest('hex')}`, size: CONTENT.length };

/**
 * Half the blob: a small piece first (so the temp file is open), the rest of the half a moment
 * later, and the connection drops as soon as that has been taken, while it is being written.
 */
function halfThenDrop(): Readable {
  const half = CONTENT.length / 2;
  let started = false;
  return new Readable({
    read() {
      if (started) return;
      started = true;
      this.push(CONTENT.subarray(0, 64 * 1024));
      setTimeout(() => {
        this.push(CONTENT.subarray(64 * 1024, half));
        const dropWhenTaken = (): void => {
          if (this.readableLength === 0) this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          else setImmediate(dropWhenTaken);
        };
        setImmediate(dropWhenTaken);
      }, 30);
    },
  });
}

/** First answer: half the blob, then a dropped connection. Later answers honour Range, after a pause. */
function droppingTransport(): OperationContext {
  let calls = 0;
  const send = async (request: TransportRequest): Promise<PipelineResponse> => {
    const body = new PassThrough();
    const range = /^bytes=(\d+)-$/.exec(request.headers?.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const respond = (status: number, headers: Record<string, string>): PipelineResponse =>
      ({ status, headers: createHttpHeaders(headers), readableStreamBody: body, request: { method: 'GET', url: request.url } }) as unknown as PipelineResponse;
    if (calls++ === 0) return { ...respond(200, {}), readableStreamBody: halfThenDrop() } as PipelineResponse;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A body's chunks belong to its reader, as a socket's do (the download frees them once written).
    body.end(Buffer.from(CONTENT.subarray(start)));
    return start > 0 ? respond(206, { 'content-range': `bytes ${start}-${CONTENT.length - 1}/${CONTENT.length}` }) : respond(200, {});
  };
  return { transport: { send }, isAcr: async () => false } as unknown as OperationContext;
}

test('a resume after a dropped connection never writes bytes twice', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-resume-'));
  try {
    for (let round = 0; round < 5; round++) {
      const target = join(dir, `blob-${round}.bin`);
      await downloadBlob(droppingTransport(), 'r/app', DESCRIPTOR, target);
      const written = await readFile(target);
      assert.equal(written.length, CONTENT.length, `round ${round}: file length`);
      assert.ok(written.equals(CONTENT), `round ${round}: file content`);
    }
    assert.equal((await readdir(dir)).filter((name) => name.endsWith('.partial')).length, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
