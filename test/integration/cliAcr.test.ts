// `crx properties`, `lock`, `unlock` and `delete-repository` as users run them, against the ACR
// look-alike in front of a real docker-registry.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { buildCli, crx } from '../harness/crxProcess';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

const USER = 'acradmin';
const PASSWORD = 'acr-cli-password';
const login = ['--username', USER, '--password-stdin'];
let acr: RunningAcr;

before(async () => {
  await buildCli();
  acr = await startAcrServer({ users: { [USER]: PASSWORD } });
  const client = new RegistryClient({ host: acr.host, auth: { kind: 'basic', username: USER, password: PASSWORD } });
  const image = buildImage({ label: 'cli-acr' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob('cli/app', blob.bytes);
  for (const tag of ['v1', 'v2']) await client.putManifest('cli/app', image.manifest.bytes, { reference: tag });
});

after(async () => {
  await acr?.close();
});

const run = (args: string[]) => crx([...args, ...login], { input: `${PASSWORD}\n` });

test('crx lock makes delete refuse with the way to unlock; crx unlock lets it through', async () => {
  const locked = await run(['lock', `${acr.host}/cli/app:v1`]);
  assert.equal(locked.code, 0, locked.stderr);
  assert.deepEqual(JSON.parse(locked.stdout.toString()), { deleteEnabled: false, writeEnabled: false, listEnabled: true, readEnabled: true });
  const properties = await run(['properties', `${acr.host}/cli/app:v1`]);
  assert.equal(JSON.parse(properties.stdout.toString()).attributes.writeEnabled, false, properties.stderr);
  const refused = await run(['delete', `${acr.host}/cli/app:v1`]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /tag cli\/app:v1 is locked .*crx unlock <ref>/);
  assert.doesNotMatch(refused.stderr, /does not allow|--delete-manifest/);
  const unlocked = await run(['unlock', `${acr.host}/cli/app:v1`]);
  assert.equal(unlocked.code, 0, unlocked.stderr);
  const deleted = await run(['delete', `${acr.host}/cli/app:v1`]);
  assert.equal(deleted.code, 0, deleted.stderr);
});

test('crx properties of a repository prints its counts; delete-repository needs --yes, then says what went', async () => {
  const properties = await run(['properties', `${acr.host}/cli/app`]);
  assert.equal(properties.code, 0, properties.stderr);
  const info = JSON.parse(properties.stdout.toString());
  assert.equal(info.name, 'cli/app');
  assert.equal(info.manifestCount, 1);
  assert.equal(typeof info.tagCount, 'number');
  const unconfirmed = await run(['delete-repository', `${acr.host}/cli/app`]);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /--yes/);
  const deleted = await run(['delete-repository', `${acr.host}/cli/app`, '--yes']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.match(deleted.stderr, /deleted .*cli\/app: \d+ tags, 1 manifests/);
  const gone = await run(['properties', `${acr.host}/cli/app`]);
  assert.equal(gone.code, 1);
});
