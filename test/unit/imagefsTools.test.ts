// Diffs between two images, Find in Image (glob and text), and Save File As… (extractEntry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, RegistryError, UnsupportedError } from '../../src/registry/errors';
import { diffImageFiles } from '../../src/registry/imagefs/diff';
import { findFiles, globProblem, globToRegExp } from '../../src/registry/imagefs/find';
import { extractEntry } from '../../src/registry/imagefs/extract';
import { withCraftedImages } from '../harness/craftedImage';

const BASE = [{ name: 'etc/' }, { name: 'etc/conf', content: 'key=1\n' }, { name: 'etc/gone', content: 'bye' }, { name: 'bin/app', content: 'v1', mode: 0o755 }];

test('a diff lists added, removed and changed paths (content, mode, type, link target)', () =>
  withCraftedImages([
    [BASE],
    [BASE, [
      { name: 'etc/conf', content: 'key=2\n' }, { name: 'etc/.wh.gone', content: '' }, { name: 'bin/app', content: 'v1', mode: 0o700 },
      { name: 'etc/new', type: '2', linkname: 'conf' },
    ]],
  ], async ([before, after]) => {
    const changes = diffImageFiles(before, after).map((c) => `${c.kind} ${c.path}`);
    assert.deepEqual(changes, ['changed bin/app', 'changed etc/conf', 'removed etc/gone', 'added etc/new']);
    assert.deepEqual(diffImageFiles(before, before), []);
  }));

test('globs match paths; text search finds lines and skips binary files', () =>
  withCraftedImages([[[
    { name: 'src/a.ts', content: 'const x = 1;\nTODO: fix\n' }, { name: 'src/deep/b.ts', content: 'todo later\n' },
    { name: 'src/c.js', content: 'no match' }, { name: 'bin/blob', content: Buffer.from('TODO\0binary') },
  ]]], async ([files]) => {
    const paths = async (glob: string): Promise<string[]> => {
      const found: string[] = [];
      for await (const r of findFiles(files, { glob })) found.push(r.node.path);
      return found;
    };
    assert.deepEqual(await paths('*.ts'), ['src/a.ts', 'src/deep/b.ts']);
    assert.deepEqual(await paths('src/*.{ts,js}'), ['src/a.ts', 'src/c.js']);
    assert.deepEqual(await paths('/src/**/b.?s'), ['src/deep/b.ts']);
    assert.equal(globToRegExp('[!a]*.ts').test('src/b.ts'), true);
    const hits: string[] = [];
    for await (const r of findFiles(files, { text: 'todo' })) hits.push(`${r.node.path}:${r.line}:${r.preview}`);
    assert.deepEqual(hits, ['src/a.ts:2:TODO: fix', 'src/deep/b.ts:1:todo later']);
    const limited: string[] = [];
    for await (const r of findFiles(files, { glob: '**', maxResults: 2 })) limited.push(r.node.path);
    assert.equal(limited.length, 2);
  }));

test('a glob that cannot be read is named, and nothing is searched', async () => {
  assert.equal(globProblem('[abc]'), undefined);
  assert.equal(globProblem('{a,b}/**'), undefined);
  assert.equal(globProblem('['), 'unclosedBracket');
  assert.equal(globProblem('src/[ab'), 'unclosedBracket');
  assert.equal(globProblem('{a,b'), 'unbalancedBraces');
  assert.equal(globProblem('a}'), 'unbalancedBraces');
  assert.equal(globProblem('[]'), 'badClass');
  assert.equal(globProblem('[z-a]'), 'badClass');
  assert.throws(() => globToRegExp('{a,b'), /^Error: invalid glob "\{a,b": its opening and closing braces do not pair up$/);
  await withCraftedImages([[[{ name: 'a', content: 'x' }]]], async ([files]) => {
    await assert.rejects(async () => {
      for await (const found of findFiles(files, { glob: '[' })) assert.fail(`found ${found.node.path}`);
    }, /invalid glob "\[": a "\[" is not closed by "\]"/);
  });
});

test('Save File As… writes the file under the chosen name only, never through a symlink', () =>
  withCraftedImages([[[
    { name: 'etc/passwd', content: 'root:x:0:0\n', mode: 0o4755 }, { name: 'link', type: '2', linkname: '/etc/passwd' }, { name: 'dev/null', type: '3' },
  ]]], async ([files], dir) => {
    const out = join(dir, 'out');
    await mkdir(out);
    const written = await extractEntry(files, 'etc/passwd', out, 'passwd.txt');
    assert.equal(written, join(out, 'passwd.txt'));
    assert.equal(await readFile(written, 'utf8'), 'root:x:0:0\n');
    assert.equal((await lstat(written)).mode & 0o7777, 0o644, 'no setuid bit from the image');
    await assert.rejects(extractEntry(files, 'link', out, 'x'), (e: unknown) => e instanceof UnsupportedError && /symbolic link/.test(e.message));
    await assert.rejects(extractEntry(files, 'dev/null', out, 'x'), UnsupportedError);
    await assert.rejects(extractEntry(files, 'missing', out, 'x'), NotFoundError);
    for (const bad of ['../escape', 'a/b', '..', '']) await assert.rejects(extractEntry(files, 'etc/passwd', out, bad), RegistryError);
    // A symlink already at the chosen name is replaced, not written through.
    const victim = join(dir, 'victim');
    await symlink(victim, join(out, 'planted'));
    await extractEntry(files, 'etc/passwd', out, 'planted');
    assert.equal((await lstat(join(out, 'planted'))).isFile(), true);
    await assert.rejects(readFile(victim), { code: 'ENOENT' });
    const layerCopy = await extractEntry(files.layers[0], '/etc/passwd', out, 'from-layer');
    assert.equal(await readFile(layerCopy, 'utf8'), 'root:x:0:0\n');
    assert.deepEqual((await readdir(out)).sort(), ['from-layer', 'passwd.txt', 'planted'], 'no temporary file stays');
  }));
