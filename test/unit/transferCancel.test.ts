// Cancelling while a transfer reads local files (hashing an upload's source, checking blobs a layout
// already holds) must end in the registry's own AbortedError, like a cancel during a request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { computeDigest } from '../../src/registry/digest';
import { AbortedError } from '../../src/registry/errors';
import { haveBlob } from '../../src/registry/transfers/pullPlan';

const CONTENT = Buffer.alloc(256 * 1024, 7);

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-cancel-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('an upload from a file cancelled while its digest is computed fails with AbortedError', () =>
  withDir(async (dir) => {
    const filePath = join(dir, 'blob.bin');
    await writeFile(filePath, CONTENT);
    // Never contacted: the cancel comes first.
    const client = new RegistryClient({ host: '127.0.0.1:9', auth: { kind: 'anonymous' } });
    await assert.rejects(client.uploadBlob('r/app', { filePath }, { signal: AbortSignal.abort() }), AbortedError);
  }));

test('checking a blob a layout already holds, cancelled, fails with AbortedError', () =>
  withDir(async (dir) => {
    const digest = computeDigest(CONTENT);
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), CONTENT);
    const descriptor = { mediaType: 'application/octet-stream', digest, size: CONTENT.length };
    assert.equal(await haveBlob(dir, descriptor), true);
    await assert.rejects(haveBlob(dir, descriptor, AbortSignal.abort()), AbortedError);
  }));
