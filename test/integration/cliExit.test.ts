// A finished crx command ends by letting its event loop run dry, not by process.exit() (which can
// hang when a V8 worker waits for a garbage collection): every command must leave nothing open that
// would hold the process, keep its exit code, and not wait on a stdin nobody writes to.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx } from '../harness/crxProcess';
import { closedPort } from '../harness/closedPort';
import { deterministicBytes, sha256Digest } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

let registry: RunningRegistry;
let work: string;
const BLOB = deterministicBytes(3 * 1024 * 1024, 'exit');

before(async () => {
  await buildCli();
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'crx-exit-'));
  await writeFile(join(work, 'blob.bin'), BLOB);
});

after(async () => {
  await registry.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs crx with --verbose and stdin left open; fails if crx named anything still open when it finished. */
async function finished(args: string[]): Promise<number | null> {
  const result = await crx([...args, '--verbose'], { input: null, timeoutMs: 30_000 });
  assert.doesNotMatch(result.stderr, /\[debug\] exit: still open/, `crx ${args[0]} left something open`);
  return result.code;
}

test('commands that succeed end by themselves with exit code 0', async () => {
  assert.equal(await finished(['push-blob', `${registry.host}/exit/blob`, join(work, 'blob.bin')]), 0);
  assert.equal(await finished(['blob', `${registry.host}/exit/blob@${sha256Digest(BLOB)}`, '-o', join(work, 'copy.bin')]), 0);
  assert.equal(await finished(['catalog', registry.host]), 0);
});

test('commands that fail end by themselves with their exit code', async () => {
  assert.equal(await finished(['tags', `127.0.0.1:${await closedPort()}/exit/none`]), 1);
  assert.equal(await finished(['tags', `${registry.host}/exit/none`]), 1);
  assert.equal(await finished(['blob', `${registry.host}/exit/blob:not-a-digest`, '-o', join(work, 'x')]), 2);
});
