// Buffers a download is done with are freed at once instead of at the next garbage collection:
// socket reads once Node's HTTP parser has copied the body out of them, body chunks once on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, get, type IncomingMessage } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDefaultHttpClient, createPipelineRequest } from '@azure/core-rest-pipeline';
import { releaseBuffer, releasingSocketReads } from '../../src/registry/transport/releasedBuffers';
import { ReleasingFileSink } from '../../src/registry/transfers/releasingFileSink';
import { listenOnLoopback } from '../harness/loopback';

const BODY = randomBytes(8 * 1024 * 1024);

async function withServer(run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-length': BODY.length });
    response.end(BODY);
  });
  const listener = await listenOnLoopback(server);
  try {
    await run(`${listener.url}/`);
  } finally {
    await listener.close();
  }
}

test('Node copies each response body chunk out of its socket read, so a read is free once parsed', async () => {
  await withServer(async (url) => {
    const response = await new Promise<IncomingMessage>((resolve) => get(url, resolve));
    const reads = new Set<ArrayBufferLike>();
    response.socket.on('data', (read: Buffer) => reads.add(read.buffer));
    let chunks = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      chunks++;
      assert.ok(!reads.has(chunk.buffer), 'a body chunk shares memory with a socket read');
    }
    assert.ok(chunks > 10 && reads.size > 10, `${chunks} chunks, ${reads.size} reads`);
  });
});

test('responses through releasingSocketReads have their socket reads freed, and their bodies intact', async () => {
  await withServer(async (url) => {
    const client = releasingSocketReads(createDefaultHttpClient());
    const response = await client.sendRequest(createPipelineRequest({ url, allowInsecureConnection: true, streamResponseStatusCodes: new Set([200]) }));
    const body = response.readableStreamBody as IncomingMessage;
    const reads: Buffer[] = [];
    body.socket.on('data', (read: Buffer) => reads.push(read));
    const hash = createHash('sha256');
    for await (const chunk of body as AsyncIterable<Buffer>) hash.update(chunk);
    assert.equal(hash.digest('hex'), createHash('sha256').update(BODY).digest('hex'));
    assert.ok(reads.length > 10);
    const kept = reads.filter((read) => read.buffer.byteLength > 0).length;
    assert.equal(kept, 0, `${kept} of ${reads.length} socket reads still hold their memory`);
    assert.equal(body.socket?.listenerCount('data') ?? 0, body.socket ? 1 : 0, 'the release listener outlived the response');
  });
});

test('releaseBuffer frees a buffer that owns its memory, and leaves slices of shared memory alone', () => {
  const own = Buffer.allocUnsafeSlow(1024).fill(7);
  releaseBuffer(own);
  assert.equal(own.length, 0);
  const shared = randomBytes(1024);
  const slice = shared.subarray(0, 512);
  releaseBuffer(slice);
  assert.equal(slice.length, 512);
  assert.equal(shared.length, 1024);
  const pooled = Buffer.from('small strings share a pool');
  releaseBuffer(pooled);
  assert.equal(pooled.toString(), 'small strings share a pool');
});

test('ReleasingFileSink writes every byte, appending, and frees each chunk once written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-sink-'));
  try {
    const path = join(dir, 'out');
    await pipeline(Readable.from([Buffer.from('head:')]), new ReleasingFileSink(path, 'w', 1024 * 1024));
    const chunks = Array.from({ length: 64 }, () => randomBytes(64 * 1024));
    const expected = Buffer.concat([Buffer.from('head:'), ...chunks]);
    await pipeline(Readable.from(chunks), new ReleasingFileSink(path, 'a', 1024 * 1024));
    assert.ok((await readFile(path)).equals(expected));
    assert.deepEqual(chunks.map((chunk) => chunk.length), chunks.map(() => 0));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a destroyed ReleasingFileSink closes only after the write under way has landed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-sink-'));
  try {
    const path = join(dir, 'out');
    const sink = new ReleasingFileSink(path, 'w', 1024);
    await new Promise((resolve) => sink.write(Buffer.from('a'), resolve));
    sink.write(randomBytes(16 * 1024 * 1024)); // starts writing at once: nothing else is queued
    sink.destroy(new Error('connection lost'));
    sink.on('error', () => undefined);
    await new Promise((resolve) => sink.once('close', resolve));
    assert.equal((await stat(path)).size, 1 + 16 * 1024 * 1024);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
