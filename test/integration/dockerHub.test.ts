// The Docker Hub source against the project's Docker Hub API server (test/harness/dockerHubApiServer.ts)
// in front of a real docker-registry with the project's token server: repositories and tags come
// through the Hub API, page by page, signed in with a personal access token or anonymously;
// manifests and blobs through /v2, checked with skopeo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectPages } from '../../src/registry/operations/listing';
import { UnauthorizedError } from '../../src/registry/errors';
import { plainWords } from '../../src/registry/plainWords';
import { DockerHubClient, type DockerHubOptions } from '../../src/registry/sources/dockerHub';
import type { ImageManifest, LogSink } from '../../src/registry/types';
import { startDockerHubServer, type RunningDockerHub } from '../harness/dockerHubApiServer';
import { seedSampleContent } from '../harness/seed';
import { dockerTransport, skopeoAccessFor, skopeoCopy, skopeoInspectRaw } from '../harness/skopeo';

const USER = 'samples';
const PAT = 'dckr_pat_test-only-samples';
const LIBRARY_PAT = 'dckr_pat_test-only-library';
let hub: RunningDockerHub;

before(async () => {
  hub = await startDockerHubServer({
    users: { [USER]: PAT, library: LIBRARY_PAT },
    privateRepositories: ['samples/dockerlist'],
    emptyNamespaces: ['quiet'],
    pullCounts: { 'samples/hello': 4321 },
  });
  await seedSampleContent(hub.registry.url, { username: USER, password: PAT, extraRepositories: 0 });
  const source = await skopeoAccessFor(hub.registry, { username: USER, password: PAT });
  const dest = await skopeoAccessFor(hub.registry, { username: 'library', password: LIBRARY_PAT });
  await skopeoCopy(dockerTransport(hub.registry.host, 'samples/hello:1.0'), dockerTransport(hub.registry.host, 'library/hello:1.0'), { src: source, dest });
});

after(async () => {
  await hub?.close();
});

function hubClient(options: DockerHubOptions & { signedIn?: boolean; secret?: string } = {}): DockerHubClient {
  const credentials = options.signedIn === false ? undefined : { username: USER, secret: options.secret ?? PAT };
  return new DockerHubClient(
    { host: hub.registry.host, auth: credentials ? { kind: 'basic', username: USER, password: credentials.secret } : { kind: 'anonymous' } },
    { hubApiUrl: hub.hubUrl, credentials, ...options },
  );
}

const names = async (client: DockerHubClient, pageSize: number): Promise<string[]> =>
  (await collectPages((cursor) => client.listRepositories({ pageSize, cursor }))).items.map((r) => r.name);

test('signed in: the user\'s namespace (private repositories too) then the added ones, page by page through the Hub API', async () => {
  const client = hubClient({ namespaces: ['quiet', 'library'] });
  const before = hub.requests.length;
  assert.deepEqual(await names(client, 2), ['samples/artifact', 'samples/dockerlist', 'samples/hello', 'samples/multiarch', 'library/hello']);
  const listings = hub.requests.slice(before).filter((r) => r.path.endsWith('/repositories'));
  assert.deepEqual(listings.map((r) => `${r.path}${r.query}`), [
    '/v2/namespaces/samples/repositories?page_size=2',
    '/v2/namespaces/samples/repositories?page=2&page_size=2',
    '/v2/namespaces/quiet/repositories?page_size=2',
    '/v2/namespaces/library/repositories?page_size=2',
  ]);
  assert.ok(listings.every((r) => r.bearer && r.status === 200), 'every listing carried the Hub token');
  assert.equal(hub.requests.slice(before).filter((r) => r.path === '/v2/auth/token').length, 1, 'one sign-in for the whole listing');
  const first = await client.listRepositories({ pageSize: 100 });
  const hello = first.items.find((r) => r.name === 'samples/hello');
  assert.equal(hello?.pullCount, 4321);
  assert.equal(first.items.find((r) => r.name === 'samples/dockerlist')?.isPrivate, true);
  assert.ok(hello?.lastUpdatedOn && hello.size && hello.size > 0, JSON.stringify(hello));
});

test('anonymous: public repositories only, and library by default', async () => {
  assert.deepEqual(await names(hubClient({ signedIn: false, namespaces: ['samples'] }), 100), ['samples/artifact', 'samples/hello', 'samples/multiarch']);
  assert.deepEqual(await names(hubClient({ signedIn: false }), 100), ['library/hello']);
  assert.ok(hub.requests.filter((r) => r.path.endsWith('/repositories')).length > 0);
});

test('tags come from the Hub API with the image size (config and layers) and push time; no manifest is fetched for them', async () => {
  const client = hubClient({ signedIn: false, namespaces: ['samples'] });
  const raw = await skopeoInspectRaw(dockerTransport(hub.registry.host, 'samples/hello:1.0'), await skopeoAccessFor(hub.registry));
  const manifest = JSON.parse(raw.toString('utf8')) as ImageManifest;
  const expectedSize = manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  const page = await client.listTags('samples/hello', { pageSize: 1 });
  assert.equal(page.items.length, 1);
  assert.ok(page.next, 'a second page is named');
  const all = (await collectPages((cursor) => client.listTags('samples/hello', { pageSize: 1, cursor }))).items;
  assert.deepEqual(all.map((t) => t.name).sort(), ['1.0', 'latest']);
  for (const tag of all) {
    assert.equal(tag.size, expectedSize, JSON.stringify(tag));
    assert.ok(tag.lastUpdatedOn && !Number.isNaN(Date.parse(tag.lastUpdatedOn)));
  }
  const registryRequests = hub.tokenServer.requests.length;
  await client.listTags('samples/multiarch');
  assert.equal(hub.tokenServer.requests.length, registryRequests, 'listing tags asked the registry\'s token service for nothing');
});

test('a manifest and a blob come through /v2 with the Hub\'s token service, identical to what skopeo reads', async () => {
  const client = hubClient();
  const access = await skopeoAccessFor(hub.registry, { username: USER, password: PAT });
  const fetched = await client.getManifest('samples/dockerlist', 'latest');
  const raw = await skopeoInspectRaw(dockerTransport(hub.registry.host, 'samples/dockerlist:latest'), access);
  assert.ok(fetched.bytes.equals(raw), 'manifest bytes differ from skopeo\'s');
  const hello = await client.getManifest('library/hello', '1.0');
  const layer = (hello.manifest as ImageManifest).layers[0];
  const dir = await mkdtemp(join(tmpdir(), 'crx-hub-'));
  try {
    await client.downloadBlob('library/hello', layer, join(dir, 'layer'));
    assert.equal(`sha256:${createHash('sha256').update(await readFile(join(dir, 'layer'))).digest('hex')}`, layer.digest);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.ok(hub.tokenServer.requests.some((r) => r.subject === USER && r.hadBasic), 'the registry\'s token service got the username and token');
});

test('a wrong personal access token is refused in words that name the user and not the token', async () => {
  const client = hubClient({ secret: 'dckr_pat_wrong-one' });
  await assert.rejects(client.listRepositories(), (error: unknown) => {
    assert.ok(error instanceof UnauthorizedError, String(error));
    assert.match(error.message, /refused the sign-in of samples/);
    assert.doesNotMatch(error.message, /dckr_pat/);
    return true;
  });
  await assert.rejects(client.verifySignIn(), UnauthorizedError);
});

test('a Hub token that stopped working is replaced once, and the listing goes on', async () => {
  const client = hubClient({ namespaces: [] });
  await client.listRepositories();
  hub.expireTokens();
  const before = hub.requests.length;
  const page = await client.listRepositories();
  assert.ok(page.items.length > 0);
  const after = hub.requests.slice(before);
  assert.deepEqual(after.map((r) => `${r.method} ${r.path} ${r.status}`), [
    'GET /v2/namespaces/samples/repositories 401',
    'POST /v2/auth/token 200',
    'GET /v2/namespaces/samples/repositories 200',
  ]);
});

test('a namespace the Hub does not know lists nothing and the others still list', async () => {
  const lines: string[] = [];
  const log: LogSink = (level, component, message) => lines.push(`${level} ${component} ${message}`);
  assert.deepEqual(await names(hubClient({ signedIn: false, namespaces: ['nobody-here', 'library'], log }), 100), ['library/hello']);
  assert.ok(lines.some((l) => l.includes('Docker Hub has no namespace "nobody-here"')), lines.join('\n'));
  assert.equal(await hubClient({ signedIn: false }).namespaceExists('nobody-here'), false);
  assert.equal(await hubClient({ signedIn: false }).namespaceExists('library'), true);
});

test('the Hub\'s rate limit (429 with X-Retry-After) reads as a plain sentence with the time to try again', async () => {
  const client = hubClient({ signedIn: false, retry: { maxRetries: 1, baseDelayMs: 10 } });
  hub.rateLimitNext(2);
  const error = await client.listRepositories().then(() => undefined, (e: unknown) => e);
  assert.ok(error, 'the listing should fail');
  const words = plainWords(error, { trustCa: '-' });
  assert.match(words ?? '', /^127\.0\.0\.1:\d+ allows no more requests for now \(rate limit: 0 of 180 left\); try again after \d\d:\d\d UTC$/);
});

test('page cursors that leave the Hub API or the entry\'s namespaces are refused, not followed', async () => {
  const client = hubClient({ signedIn: false, namespaces: ['samples'] });
  const before = hub.requests.length;
  await assert.rejects(client.listTags('samples/hello', { cursor: { url: 'http://127.0.0.2:9/v2/namespaces/samples/repositories/hello/tags?page=2' } }), /refusing a Docker Hub page link to another place/);
  await assert.rejects(client.listTags('samples/hello', { cursor: { url: `${hub.hubUrl}/v2/namespaces/samples/repositories/multiarch/tags?page=2` } }), /refusing a Docker Hub page link/);
  await assert.rejects(client.listRepositories({ cursor: { url: `${hub.hubUrl}/v2/namespaces/other/repositories?page=2` } }), /not a listing of this entry's namespaces/);
  assert.equal(hub.requests.length, before, 'a refused cursor was requested anyway');
});
