// The streaming tar reader: every header layout a layer may use, and hostile entries listed safely.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RegistryError } from '../../src/registry/errors';
import { TarIndexer } from '../../src/registry/imagefs/tarIndexer';
import type { IndexedEntry } from '../../src/registry/imagefs/tarEntry';
import { craftTar } from '../harness/craftedTar';

/** Indexes `tar` fed in chunks of `chunk` bytes; returns the entries and the bytes that passed through. */
async function index(tar: Buffer, chunk = 97): Promise<{ entries: IndexedEntry[]; passed: Buffer; position: number }> {
  const indexer = new TarIndexer();
  const parts: Buffer[] = [];
  const sink = new Writable({ write: (data: Buffer, _e, done) => (parts.push(data), done()) });
  const pieces = Array.from({ length: Math.ceil(tar.length / chunk) }, (_, i) => tar.subarray(i * chunk, (i + 1) * chunk));
  await pipeline(Readable.from(pieces), indexer, sink);
  return { entries: indexer.entries, passed: Buffer.concat(parts), position: indexer.position };
}

const sha = (data: string | Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

test('ustar entries of every type are listed with their fields, and file offsets point at their bytes', async () => {
  const tar = craftTar([
    { name: 'etc/', mode: 0o755 },
    { name: 'etc/hosts', content: 'localhost\n', mode: 0o4755, uid: 1000, gid: 50, uname: 'app', gname: 'staff', mtime: 1234 },
    { name: 'etc/link', type: '2', linkname: '../hosts' },
    { name: 'etc/hard', type: '1', linkname: './etc/hosts' },
    { name: 'dev/null', type: '3' },
    { name: 'dev/sda', type: '4' },
    { name: 'run/pipe', type: '6' },
  ]);
  const { entries, passed, position } = await index(tar);
  assert.deepEqual(passed, tar, 'the bytes pass on unchanged');
  assert.equal(position, tar.length);
  assert.deepEqual(entries.map((e) => [e.entry.path, e.entry.type]), [
    ['etc', 'directory'], ['etc/hosts', 'file'], ['etc/link', 'symlink'], ['etc/hard', 'hardlink'],
    ['dev/null', 'charDevice'], ['dev/sda', 'blockDevice'], ['run/pipe', 'fifo'],
  ]);
  const hosts = entries[1];
  assert.deepEqual(hosts.entry, { path: 'etc/hosts', type: 'file', size: 10, mode: 0o4755, uid: 1000, gid: 50, uname: 'app', gname: 'staff', mtime: 1234000, contentDigest: sha('localhost\n') });
  assert.equal(tar.subarray(hosts.offset, hosts.offset + 10).toString(), 'localhost\n');
  assert.equal(entries[2].entry.linkTarget, '../hosts', 'a symlink target stays as written');
  assert.equal(entries[3].entry.linkTarget, 'etc/hosts', 'a hard link target is normalised');
  assert.match(entries[4].entry.warning ?? '', /device file/);
  assert.equal(entries[6].entry.warning, undefined, 'a named pipe is ordinary');
});

test('GNU long names and link targets, PAX path/linkpath/size/owner/mtime and the ustar prefix are read', async () => {
  const long = `${'deep/'.repeat(40)}file.txt`;
  const tar = craftTar([
    { name: long, content: 'gnu', gnuLongName: true },
    { name: 'short', type: '2', linkname: `${'t'.repeat(150)}`, gnuLongLink: true },
    { name: 'ignored-name', content: 'pax content', pax: { path: 'päx/ünïcode.txt', uid: '70000', uname: 'wide', mtime: '1700000000.5' } },
    { name: 'x', type: '2', linkname: 'y', pax: { linkpath: 'a/very/long/target' } },
    { name: 'big', content: Buffer.alloc(700, 1), pax: { size: '700' }, declaredSize: 0 },
  ]);
  const { entries } = await index(tar, 512);
  assert.equal(entries[0].entry.path, long);
  assert.equal(entries[1].entry.linkTarget, 't'.repeat(150));
  assert.equal(entries[2].entry.path, 'päx/ünïcode.txt');
  assert.equal(entries[2].entry.uid, 70000);
  assert.equal(entries[2].entry.uname, 'wide');
  assert.equal(entries[2].entry.mtime, 1700000000500);
  assert.equal(entries[3].entry.linkTarget, 'a/very/long/target');
  assert.equal(entries[4].entry.size, 700, 'PAX size wins over the header size');
  assert.equal(entries[4].entry.contentDigest, sha(Buffer.alloc(700, 1)));
  assert.equal(entries.length, 5);

  const prefixed = Buffer.from(craftTar([{ name: 'name.txt', content: 'p' }]));
  Buffer.from('some/prefix\0').copy(prefixed, 345);
  prefixed.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += prefixed[i];
  Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `).copy(prefixed, 148);
  assert.equal((await index(prefixed)).entries[0].entry.path, 'some/prefix/name.txt');
});

test('whiteouts are marked: a file whiteout names the hidden path, an opaque one its directory', async () => {
  const { entries } = await index(craftTar([
    { name: 'a/.wh.gone', content: '' },
    { name: 'b/.wh..wh..opq', content: '' },
    { name: '.wh..wh..opq', content: '' },
    { name: 'c/.wh..wh.plnk', content: '' },
  ]));
  assert.deepEqual(entries.map((e) => [e.entry.path, e.entry.whiteout, e.applies]), [
    ['a/gone', 'file', true], ['b', 'opaque', true], ['', 'opaque', true], ['c/.wh..wh.plnk', undefined, false],
  ]);
  assert.match(entries[3].entry.warning ?? '', /aufs/);
});

test('hostile names are listed with a warning and never applied: escapes, invalid UTF-8, duplicates', async () => {
  const { entries } = await index(craftTar([
    { name: '../../etc/passwd', content: 'x' },
    { name: '/abs/file', content: 'y' },
    { name: 'ok/../inside', content: 'z' },
    { name: Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74]), content: 'w' },
    { name: 'dup', content: 'first' },
    { name: 'dup', content: 'second' },
    { name: './', type: '5' },
    { name: 'evil-link', type: '1', linkname: '../../outside' },
  ]));
  const byRaw = (path: string): IndexedEntry => entries.find((e) => e.entry.path === path) as IndexedEntry;
  assert.equal(byRaw('etc/passwd').entry.rawName, '../../etc/passwd');
  assert.match(byRaw('etc/passwd').entry.warning ?? '', /escapes the root/);
  assert.equal(byRaw('etc/passwd').applies, false);
  assert.deepEqual([byRaw('abs/file').entry.rawName, byRaw('abs/file').entry.warning, byRaw('abs/file').applies], ['/abs/file', undefined, true]);
  assert.deepEqual([byRaw('inside').entry.rawName, byRaw('inside').applies], ['ok/../inside', true]);
  const bad = entries[3];
  assert.equal(bad.entry.path, 'bad\ufffd\ufffd.t');
  assert.equal(bad.entry.rawName, 'bad\ufffd\ufffd.t');
  assert.match(bad.entry.warning ?? '', /not valid UTF-8/);
  assert.equal(bad.applies, false);
  const dups = entries.filter((e) => e.entry.path === 'dup');
  assert.deepEqual(dups.map((e) => [e.applies, e.entry.warning]), [[false, 'replaced by a later entry with the same name'], [true, undefined]]);
  assert.equal(entries.some((e) => e.entry.path === ''), false, 'the root entry is not listed');
  assert.match(byRaw('evil-link').entry.warning ?? '', /outside the root/);
});

test('absurd and unreadable sizes end the listing safely; a damaged header is a clear error', async () => {
  const truncated = craftTar([{ name: 'small', content: 'ok' }, { name: 'huge', content: 'only this', declaredSize: 8e9 }], { end: false });
  const { entries } = await index(truncated);
  assert.equal(entries[1].entry.size, 8e9);
  assert.match(entries[1].entry.warning ?? '', /the layer ends 512 bytes into its 8000000000 bytes/);
  assert.deepEqual([entries[1].offset, entries[1].applies, entries[1].entry.contentDigest], [-1, false, undefined]);

  const base256 = Buffer.alloc(12);
  base256[0] = 0x80;
  base256.writeUInt32BE(5, 8);
  assert.equal((await index(craftTar([{ name: 'b256', content: 'hello', rawSizeField: base256 }]))).entries[0].entry.size, 5);

  const garbage = Buffer.from('zz not octal');
  const stopped = await index(craftTar([{ name: 'first', content: '1' }, { name: 'bad-size', content: 'x', rawSizeField: garbage }, { name: 'after', content: '2' }]));
  assert.deepEqual(stopped.entries.map((e) => e.entry.path), ['first', 'bad-size']);
  assert.match(stopped.entries[1].entry.warning ?? '', /size field is not a number/);

  await assert.rejects(index(craftTar([{ name: 'a', content: '1' }, { name: 'b', content: '2', badChecksum: true }])), (error: unknown) =>
    error instanceof RegistryError && /not a valid tar: the header at byte 1024 is damaged/.test(error.message));
});
