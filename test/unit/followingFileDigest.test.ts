// The download's digest is computed on a worker thread that reads the file behind the writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FollowingFileDigest } from '../../src/registry/transfers/followingFileDigest';

async function inTemp(run: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-follow-'));
  try {
    await run(join(dir, 'blob'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

test('the digest of a file written in pieces, each announced as it lands', async () => {
  await inTemp(async (path) => {
    await writeFile(path, '');
    const digest = new FollowingFileDigest(path, 'sha256');
    const pieces = Array.from({ length: 20 }, (_, i) => randomBytes(100_000 + i * 7919));
    let length = 0;
    for (const piece of pieces) {
      await appendFile(path, piece);
      digest.writtenTo((length += piece.length));
    }
    assert.equal(await digest.finish(length), sha256(Buffer.concat(pieces)));
  });
});

test('sha512, and a file emptied and written again from its first byte', async () => {
  await inTemp(async (path) => {
    await writeFile(path, randomBytes(3_000_000));
    const digest = new FollowingFileDigest(path, 'sha512');
    digest.writtenTo(3_000_000);
    await truncate(path, 0);
    digest.restart();
    const content = randomBytes(2_000_000);
    await writeFile(path, content);
    digest.writtenTo(content.length);
    assert.equal(await digest.finish(content.length), `sha512:${createHash('sha512').update(content).digest('hex')}`);
  });
});

test('a file shorter than the length it should have fails the digest with a clear message', async () => {
  await inTemp(async (path) => {
    await writeFile(path, randomBytes(1000));
    const digest = new FollowingFileDigest(path, 'sha256');
    await assert.rejects(digest.finish(5000), /the file ended at byte 1000, before the 5000 written to it/);
  });
});

test('a file that cannot be opened fails the digest, and later downloads still get digests', async () => {
  await inTemp(async (path) => {
    const missing = new FollowingFileDigest(join(path, 'nope'), 'sha256');
    await assert.rejects(missing.finish(10), /hashing the download failed: .*ENOENT/);
    await writeFile(path, 'abc');
    assert.equal(await new FollowingFileDigest(path, 'sha256').finish(3), sha256(Buffer.from('abc')));
  });
});

test('the hashing thread never holds a process open, and an awaited digest does', () => {
  const module = join(__dirname, '..', '..', 'src', 'registry', 'transfers', 'followingFileDigest.js');
  const script = `
    const { writeFileSync } = require('node:fs');
    const { FollowingFileDigest } = require(${JSON.stringify(module)});
    const path = require('node:path').join(require('node:os').tmpdir(), 'crx-follow-' + process.pid);
    writeFileSync(path, 'x'.repeat(1000));
    new FollowingFileDigest(path, 'sha256').finish(1000).then((digest) => { console.log(digest); require('node:fs').rmSync(path); });
    new FollowingFileDigest(path, 'sha256').writtenTo(1000);`;
  const started = Date.now();
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), sha256(Buffer.from('x'.repeat(1000))));
  assert.ok(Date.now() - started < 8000, `the process took ${Date.now() - started} ms to end`);
});
