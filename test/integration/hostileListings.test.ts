// Hostile names and documents from a registry (test/harness/hostileRegistry.ts): listings keep only
// names valid by the OCI grammars and count the rest; the CLI prints no control character raw;
// listings and manifests that are not UTF-8, or break the OCI rules, are refused before any upload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { RegistryClient } from '../../src/registry/client';
import { ManifestInvalidError } from '../../src/registry/errors';
import { collectPages } from '../../src/registry/operations/listing';
import { runCli } from '../../src/cli/main';
import type { RunningFaultServer } from '../harness/faultServer';
import { jsonBytes, MT } from '../harness/fixtures';
import { C1_MANIFEST, HOSTILE_NAMES, HOSTILE_REFERRERS, startHostileRegistry, VALID_REPOSITORIES, VALID_TAGS } from '../harness/hostileRegistry';

// Any control character except the line feed that ends each line.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let plain: RunningFaultServer;
let acr: RunningFaultServer;

before(async () => {
  plain = await startHostileRegistry();
  acr = await startHostileRegistry({ acr: true });
});

after(async () => {
  await plain?.close();
  await acr?.close();
});

const client = (host: string): RegistryClient => new RegistryClient({ host, auth: { kind: 'anonymous' } });

async function crx(args: string[], options: { tty?: boolean } = {}): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  // Basic credentials keep the user's own Docker config out of the test; this registry never asks for them.
  const code = await runCli([...args, '--username', 'u', '--password-stdin'], { stdin: Readable.from(['p\n']), stdout, stderr });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

test('catalog and tags keep only valid names and count the dropped ones', async () => {
  const c = client(plain.host);
  const first = await c.listRepositories();
  assert.deepEqual(first.items, [{ name: VALID_REPOSITORIES[0] }]);
  assert.equal(first.dropped, HOSTILE_NAMES.length);
  assert.ok(first.next, 'a page of mostly invalid names still leads to the next page');
  assert.deepEqual(await collectPages((cursor) => c.listRepositories({ cursor })), {
    items: VALID_REPOSITORIES.map((name) => ({ name })),
    dropped: HOSTILE_NAMES.length + 1,
  });
  const tags = await c.listTags('good/one');
  assert.deepEqual(tags.items, VALID_TAGS.map((name) => ({ name })));
  assert.equal(tags.dropped, HOSTILE_NAMES.length + 1);
});

test('ACR tag listings drop invalid names too', async () => {
  const tags = await client(acr.host).listTags('good/one');
  assert.deepEqual(tags.items.map((t) => [t.name, t.digest]), VALID_TAGS.map((name) => [name, C1_MANIFEST.digest]));
  assert.equal(tags.dropped, HOSTILE_NAMES.length + 1);
});

test('referrer descriptors that break the descriptor rules are dropped', async () => {
  const referrers = await client(plain.host).listReferrers('good/one', C1_MANIFEST.digest);
  assert.deepEqual(referrers, [HOSTILE_REFERRERS[0]]);
});

test('ACR manifest listings drop invalid digests and the invalid tags of a manifest', async () => {
  const manifests = await client(acr.host).listManifests('good/one');
  assert.deepEqual(manifests.items.map((m) => [m.digest, m.tags]), [[C1_MANIFEST.digest, [VALID_TAGS[0]]]]);
  assert.equal(manifests.dropped, HOSTILE_NAMES.length + 1);
});

test('a listing that is not UTF-8 is refused with an encoding error', async () => {
  await assert.rejects(client(plain.host).listTags('latin'), (error: Error) => error instanceof ManifestInvalidError && /not valid UTF-8/.test(error.message));
});

test('crx tags and crx catalog print valid names only, say how many were skipped, and no control characters', async () => {
  const tags = await crx(['tags', `${plain.host}/good/one`]);
  assert.equal(tags.code, 0, tags.stderr);
  assert.equal(tags.stdout.toString('utf8'), 'v1\nv2\n');
  assert.equal(tags.stderr, `${HOSTILE_NAMES.length + 1} invalid names skipped\n`);
  const catalog = await crx(['catalog', plain.host]);
  assert.equal(catalog.code, 0, catalog.stderr);
  assert.equal(catalog.stdout.toString('utf8'), 'good/one\ngood/two\n');
  assert.match(catalog.stderr, /^8 invalid names skipped\n$/);
  const acrTags = await crx(['tags', `${acr.host}/good/one`]);
  assert.equal(acrTags.stdout.toString('utf8'), 'v1\nv2\n');
  for (const run of [tags, catalog, acrTags]) assert.doesNotMatch(run.stdout.toString('utf8') + run.stderr, RAW_CONTROL);
});

test('a registry error message with escape sequences reaches the terminal escaped', async () => {
  const failed = await crx(['tags', `${plain.host}/good/missing`]);
  assert.equal(failed.code, 1);
  assert.doesNotMatch(failed.stderr, RAW_CONTROL);
  assert.match(failed.stderr, /gone.*\\u009b2J/);
});

test('crx manifest: exact bytes into a pipe, the same JSON with control characters escaped on a terminal', async () => {
  const piped = await crx(['manifest', `${plain.host}/good/one:c1`]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.ok(piped.stdout.equals(C1_MANIFEST.bytes));
  const shown = await crx(['manifest', `${plain.host}/good/one:c1`], { tty: true });
  assert.equal(shown.code, 0, shown.stderr);
  assert.doesNotMatch(shown.stdout.toString('utf8'), RAW_CONTROL);
  assert.deepEqual(JSON.parse(shown.stdout.toString('utf8')), JSON.parse(C1_MANIFEST.bytes.toString('utf8')));
});

test('manifests with bad annotations, bad media types or bytes that are not UTF-8 are refused before any upload', async () => {
  const valid = JSON.parse(C1_MANIFEST.bytes.toString('utf8')) as Record<string, unknown>;
  const latin1 = Buffer.from(JSON.stringify({ ...valid, annotations: { note: 'caf\u00e9' } }), 'latin1');
  const cases: Array<[Buffer, RegExp, string?]> = [
    [jsonBytes({ ...valid, annotations: 'x' }), /annotations must be an object of strings/],
    [jsonBytes({ ...valid, annotations: { nested: { a: 'b' } } }), /annotation "nested" must be a string/],
    [jsonBytes({ ...valid, artifactType: 'application/x`whoami`' }), /invalid artifactType/],
    [jsonBytes({ ...valid, layers: [{ mediaType: 'application/x\nInjected: 1', digest: C1_MANIFEST.digest, size: 1 }] }), /layers\[0\] has an invalid mediaType/],
    [latin1, /manifest is not valid UTF-8/],
    [C1_MANIFEST.bytes, /invalid media type/, `${MT.ociManifest}\r\nX-Injected: 1`],
  ];
  const c = client(plain.host);
  for (const [bytes, message, mediaType] of cases) {
    await assert.rejects(c.putManifest('good/one', bytes, { reference: 'bad', mediaType }), (error: Error) => error instanceof ManifestInvalidError && message.test(error.message), message.source);
  }
  assert.deepEqual(plain.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'), [], 'nothing was sent to be stored');
});
