import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { computeDigest, createDigester, parseDigest, VerifyingTransform } from '../../src/registry/digest';
import { DigestMismatchError, ReferenceSyntaxError, SizeMismatchError } from '../../src/registry/errors';

const DATA = Buffer.from('hello registry');
const DIGEST = computeDigest(DATA);

async function run(chunks: Buffer[], transform: VerifyingTransform): Promise<Buffer> {
  const received: Buffer[] = [];
  await pipeline(Readable.from(chunks), transform, new Writable({ write(chunk, _e, cb) { received.push(chunk); cb(); } }));
  return Buffer.concat(received);
}

test('computeDigest and createDigester agree; known value for {}', () => {
  assert.equal(computeDigest(Buffer.from('{}')), 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  const d = createDigester('sha256');
  d.update(DATA.subarray(0, 3));
  d.update(DATA.subarray(3));
  assert.equal(d.digest(), DIGEST);
  assert.match(computeDigest(DATA, 'sha512'), /^sha512:[0-9a-f]{128}$/);
});

test('parseDigest accepts sha256/sha512 and refuses the rest', () => {
  assert.deepEqual(parseDigest(DIGEST), { algorithm: 'sha256', hex: DIGEST.slice(7) });
  for (const bad of ['', 'sha256', 'sha256:', `sha256:${'a'.repeat(63)}`, `sha256:${'g'.repeat(64)}`, `SHA256:${'a'.repeat(64)}`, `md5:${'a'.repeat(32)}`, `sha512:${'a'.repeat(64)}`]) {
    assert.throws(() => parseDigest(bad), ReferenceSyntaxError, bad);
  }
});

test('VerifyingTransform passes correct content through', async () => {
  let progress = 0;
  const out = await run([DATA.subarray(0, 5), DATA.subarray(5)], new VerifyingTransform({ digest: DIGEST, size: DATA.length, onProgress: (n) => (progress = n) }));
  assert.deepEqual(out, DATA);
  assert.equal(progress, DATA.length);
});

test('VerifyingTransform fails on corrupt content with DigestMismatchError', async () => {
  const corrupt = Buffer.from(DATA);
  corrupt[0] ^= 1;
  await assert.rejects(run([corrupt], new VerifyingTransform({ digest: DIGEST, size: DATA.length })), DigestMismatchError);
});

test('VerifyingTransform fails on short and long content with SizeMismatchError', async () => {
  await assert.rejects(run([DATA.subarray(0, 4)], new VerifyingTransform({ digest: DIGEST, size: DATA.length })), SizeMismatchError);
  let written = 0;
  const tooLong = new VerifyingTransform({ digest: DIGEST, size: 4 });
  await assert.rejects(
    pipeline(Readable.from([DATA.subarray(0, 4), DATA.subarray(4)]), tooLong, new Writable({ write(c, _e, cb) { written += c.length; cb(); } })),
    (error: unknown) => error instanceof SizeMismatchError && /more than the expected 4/.test(error.message),
  );
  assert.equal(written, 4, 'bytes past the expected size are never passed on');
});

test('absorb() counts bytes already on disk for a resumed download', async () => {
  const t = new VerifyingTransform({ digest: DIGEST, size: DATA.length, hash: false });
  t.absorb(6);
  const out = await run([DATA.subarray(6)], t);
  assert.deepEqual(out, DATA.subarray(6));
  assert.throws(() => new VerifyingTransform({ digest: DIGEST, size: 2, hash: false }).absorb(DATA.length), SizeMismatchError);
});

test('VerifyingTransform refuses a bad expected digest or size up front', () => {
  assert.throws(() => new VerifyingTransform({ digest: 'nope' }), ReferenceSyntaxError);
  assert.throws(() => new VerifyingTransform({ digest: DIGEST, size: -1 }), SizeMismatchError);
});
