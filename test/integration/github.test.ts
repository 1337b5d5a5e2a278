// The GHCR source against the project's GitHub packages API test server in front of a real
// docker-registry with token auth and deletes refused on /v2 (as ghcr.io): listing packages, versions
// and tags through the REST API, manifests through /v2 with the GitHub token, scope escalation for
// push and delete, the REST delete of a version, and plain errors for missing scopes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, UnsupportedError } from '../../src/registry/errors';
import { GitHubRegistry, type GitHubSessions } from '../../src/registry/sources/github';
import { GitHubSignInError } from '../../src/registry/sources/githubApi';
import type { RepositoryInfo, TagInfo } from '../../src/registry/types';
import { collectPages } from '../../src/registry/operations/listing';
import { startGitHubApiServer, type RunningGitHub } from '../harness/githubApiServer';
import { seedGitHubPackages, type GitHubContent } from '../harness/githubSeed';
import { buildImage, imageBlobs } from '../harness/fixtures';

const LOGIN = 'Octo-User';
const ORG = 'octo-org';
let github: RunningGitHub;
let content: GitHubContent;

before(async () => {
  github = await startGitHubApiServer({ login: LOGIN, orgs: [ORG], publicRepositories: [`${ORG}/tools/app`], maxPerPage: 1 });
  content = await seedGitHubPackages(github, LOGIN, ORG);
});

after(async () => {
  await github?.close();
});

/** Sessions as VS Code would hand them out: one token per scope set, every request recorded. */
class TestSessions implements GitHubSessions {
  readonly asked: Array<{ scopes: string[]; interactive: boolean }> = [];
  readonly tokens: string[] = [];
  constructor(private readonly grant: (scopes: readonly string[]) => string[] = (scopes) => [...scopes]) {}
  async get(scopes: readonly string[], interactive: boolean) {
    this.asked.push({ scopes: [...scopes], interactive });
    const token = github.issueToken(this.grant(scopes));
    this.tokens.push(token);
    return { accessToken: token, account: LOGIN };
  }
}

function registryFor(sessions: GitHubSessions, lines: string[] = [], apiUrl = github.apiUrl): GitHubRegistry {
  return new GitHubRegistry({
    endpoint: { host: new URL(github.registryUrl).host },
    apiUrl,
    sessions,
    client: { log: (_level, component, message) => lines.push(`[${component}] ${message}`) },
  });
}

async function allTags(registry: GitHubRegistry, repository: string, pageSize?: number): Promise<TagInfo[]> {
  return (await collectPages((cursor) => registry.listTags(repository, { cursor, pageSize }))).items;
}

test('the user\'s and the organisation\'s packages, sorted, with owner, visibility, time and page, across Link-header pages', async () => {
  const sessions = new TestSessions();
  const registry = registryFor(sessions);
  const { items } = await collectPages((cursor) => registry.listRepositories({ cursor, pageSize: 3 }));
  assert.deepEqual(items.map((r) => r.name), content.repositories);
  const app = items.find((r) => r.name === content.orgApp.repository) as RepositoryInfo;
  assert.equal(app.owner, ORG);
  assert.equal(app.isPrivate, false);
  assert.equal(app.webUrl, `https://github.com/orgs/${ORG}/packages/container/package/tools%2Fapp`);
  assert.ok(app.lastUpdatedOn && !Number.isNaN(Date.parse(app.lastUpdatedOn)));
  assert.equal(items.find((r) => r.name === content.web.repository)?.isPrivate, true);
  // Two packages for each owner at one a page: the listing followed the Link headers.
  const pages = github.requests.filter((r) => r.path.includes('/packages?') && r.path.includes('page=2'));
  assert.ok(pages.length >= 1, 'no second page of packages was asked for');
  assert.deepEqual(sessions.asked, [{ scopes: ['read:packages', 'read:org'], interactive: false }]);
  const withoutVersion = github.requests.filter((r) => r.apiVersion !== '2022-11-28' || !r.userAgent);
  assert.deepEqual(withoutVersion, []);
  // A prefix jump (`last`) works as on a sorted catalog.
  const after = await registry.listRepositories({ last: `${ORG}/tools/app`, pageSize: 10 });
  assert.deepEqual(after.items.map((r) => r.name), content.repositories.filter((n) => n > `${ORG}/tools/app`));
});

test('tags come from the versions (digest and time), without a manifest request; untagged versions are read past', async () => {
  const registry = registryFor(new TestSessions());
  const before = github.tokenServer.requests.length;
  const tags = await allTags(registry, content.hello.repository, 1);
  assert.deepEqual(tags.map((t) => t.name).sort(), ['1.0', '2.0', 'latest']);
  assert.equal(tags.find((t) => t.name === '1.0')?.digest, content.hello.v1.digest);
  assert.equal(tags.find((t) => t.name === 'latest')?.digest, content.hello.v1.digest);
  assert.equal(tags.find((t) => t.name === '2.0')?.digest, content.hello.v2.digest);
  assert.ok(tags.every((t) => t.lastUpdatedOn && t.createdOn));
  assert.equal(github.tokenServer.requests.length, before, 'listing tags went to the registry');
  // The newest version is untagged, one a page: the first page holds no tag and is read past.
  const multi = await registry.listTags(content.multi.repository, { pageSize: 1 });
  assert.deepEqual(multi.items.map((t) => t.name), ['latest']);
  assert.equal(multi.items[0].digest, content.multi.index.digest);
  assert.ok(github.requests.some((r) => r.path.includes('/multi/versions?') && r.path.includes('page=2')), 'the untagged first page was not read past');
});

test('manifests and blobs come through /v2 with the GitHub token; the token never reaches a log line', async () => {
  const lines: string[] = [];
  const sessions = new TestSessions();
  const registry = registryFor(sessions, lines);
  const fetched = await registry.getManifest(content.orgApp.repository, 'v1');
  assert.equal(fetched.digest, content.orgApp.manifest.digest);
  const tokenRequests = github.tokenServer.requests.filter((r) => r.subject === LOGIN);
  assert.ok(tokenRequests.some((r) => r.hadBasic && r.scopes.includes(`repository:${content.orgApp.repository}:pull`)), JSON.stringify(tokenRequests));
  await registry.listRepositories();
  for (const token of sessions.tokens) assert.ok(!lines.some((l) => l.includes(token)), 'a log line holds the token');
});

test('pushing asks for write:packages (interactively) first; reading never does', async () => {
  const sessions = new TestSessions();
  const registry = registryFor(sessions);
  await registry.listTags(content.web.repository);
  const image = buildImage({ label: 'pushed through the GitHub source' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await registry.uploadBlob(content.web.repository, blob.bytes);
  await registry.putManifest(content.web.repository, image.manifest.bytes, { reference: 'pushed' });
  assert.deepEqual(sessions.asked, [
    { scopes: ['read:packages', 'read:org'], interactive: false },
    { scopes: ['read:packages', 'read:org', 'write:packages'], interactive: true },
  ]);
  const tags = await allTags(registry, content.web.repository);
  assert.equal(tags.find((t) => t.name === 'pushed')?.digest, image.manifest.digest);
});

test('a declined escalation keeps the read session; nothing is pushed', async () => {
  let decline = false;
  const base = new TestSessions();
  const sessions: GitHubSessions = {
    get: (scopes, interactive) => (decline ? Promise.reject(new GitHubSignInError('GitHub sign-in was cancelled')) : base.get(scopes, interactive)),
  };
  const registry = registryFor(sessions);
  await registry.listTags(content.web.repository);
  decline = true;
  await assert.rejects(registry.putManifest(content.web.repository, content.web.manifest.bytes, { reference: 'declined' }), GitHubSignInError);
  assert.ok((await registry.listTags(content.web.repository)).items.every((t) => t.name !== 'declined'));
});

test('deleting a manifest: /v2 refuses (405), so the version goes through the REST API with delete:packages', async () => {
  const sessions = new TestSessions();
  const registry = registryFor(sessions);
  const image = buildImage({ label: 'to delete' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await registry.uploadBlob(content.web.repository, blob.bytes);
  await registry.putManifest(content.web.repository, image.manifest.bytes, { reference: 'doomed' });
  await registry.deleteManifest(content.web.repository, image.manifest.digest);
  assert.ok(sessions.asked.some((a) => a.scopes.includes('delete:packages') && a.interactive));
  const deletes = github.requests.filter((r) => r.method === 'DELETE');
  assert.equal(deletes.at(-1)?.status, 204);
  assert.match(deletes.at(-1)?.path ?? '', /^\/user\/packages\/container\/web\/versions\/\d+$/);
  await assert.rejects(registry.getManifest(content.web.repository, image.manifest.digest), NotFoundError);
  assert.ok((await allTags(registry, content.web.repository)).every((t) => t.name !== 'doomed'));
});

test('deleting a tag deletes its version only when the caller allows it, and only at the expected digest', async () => {
  const registry = registryFor(new TestSessions());
  const image = buildImage({ label: 'tag to delete' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await registry.uploadBlob(content.orgApp.repository, blob.bytes);
  await registry.putManifest(content.orgApp.repository, image.manifest.bytes, { reference: 'gone' });
  await assert.rejects(registry.deleteTag(content.orgApp.repository, 'gone'), UnsupportedError);
  await assert.rejects(registry.deleteTag(content.orgApp.repository, 'gone', { deleteManifestIfNeeded: true, expectedDigest: content.orgApp.manifest.digest }), /now points to/);
  assert.ok((await allTags(registry, content.orgApp.repository)).some((t) => t.name === 'gone'));
  await registry.deleteTag(content.orgApp.repository, 'gone', { deleteManifestIfNeeded: true, expectedDigest: image.manifest.digest });
  assert.ok((await allTags(registry, content.orgApp.repository)).every((t) => t.name !== 'gone'));
  assert.match(github.requests.filter((r) => r.method === 'DELETE').at(-1)?.path ?? '', new RegExp(`^/orgs/${ORG}/packages/container/tools%2Fapp/versions/\\d+$`));
});

test('a sign-in without read:packages or read:org, one whose scopes were narrowed, or a revoked token is a GitHubSignInError naming what is missing', async () => {
  const noPackages = registryFor(new TestSessions(() => ['read:org']));
  const error = await noPackages.listRepositories().catch((e: unknown) => e);
  assert.ok(error instanceof GitHubSignInError, String(error));
  assert.deepEqual(error.missingScopes, ['read:packages', 'write:packages', 'delete:packages']);
  assert.match(error.message, /lacks the read:packages or write:packages or delete:packages scope needed for your container packages: sign in again/);
  const noOrg = await registryFor(new TestSessions(() => ['read:packages'])).listRepositories().catch((e: unknown) => e);
  assert.ok(noOrg instanceof GitHubSignInError && /read:org/.test(noOrg.message), String(noOrg));
  const changed = new TestSessions();
  const registry = registryFor(changed);
  await registry.listRepositories();
  github.setScopes(changed.tokens[0], []);
  const narrowed = await registry.listTags(content.hello.repository).catch((e: unknown) => e);
  assert.ok(narrowed instanceof GitHubSignInError && narrowed.code === 'GITHUB_SCOPES', String(narrowed));
  github.revokeToken(changed.tokens[0]);
  const revoked = await registry.listTags(content.hello.repository).catch((e: unknown) => e);
  assert.ok(revoked instanceof GitHubSignInError && revoked.status === 401, String(revoked));
  assert.match(revoked.message, /did not accept the sign-in .*: sign in again/);
});

test('GitHub Enterprise Server: the API under /api/v3; page cursors pointing elsewhere are refused', async () => {
  const enterprise = await startGitHubApiServer({ login: LOGIN, orgs: [], pathPrefix: '/api/v3' });
  try {
    await seedGitHubPackages(enterprise, LOGIN, LOGIN.toLowerCase());
    const registry = new GitHubRegistry({
      endpoint: { host: new URL(enterprise.registryUrl).host }, apiUrl: enterprise.apiUrl,
      sessions: { get: async () => ({ accessToken: enterprise.issueToken(['read:packages', 'read:org']), account: LOGIN }) },
    });
    const names = (await registry.listRepositories()).items.map((r) => r.name);
    assert.ok(names.includes(`${LOGIN.toLowerCase()}/hello`), names.join());
    assert.ok(enterprise.requests.every((r) => r.path.startsWith('/api/v3/')));
    await assert.rejects(registry.listTags(`${LOGIN.toLowerCase()}/hello`, { cursor: { url: `${github.apiUrl}/user/packages` } }), /outside the configured API/);
  } finally {
    await enterprise.close();
  }
});
