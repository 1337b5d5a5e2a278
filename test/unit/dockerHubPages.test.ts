// Docker Hub API pages as the reference describes them ({count, next, previous, results}), and what
// the parser makes of broken or hostile ones: names that break the OCI grammar are dropped and
// counted, odd field types are left out, never guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubPageSize, isValidNamespace, parseRepositoryPage, parseTagPage, splitHubRepository } from '../../src/registry/sources/dockerHubPages';
import { hubNamespaces } from '../../src/registry/sources/dockerHub';

const DIGEST = `sha256:${'a'.repeat(64)}`;

test('a repositories page: namespace/name with description, privacy, pulls, stars, last update and size', () => {
  const page = parseRepositoryPage({
    count: 3,
    next: 'https://hub.docker.com/v2/namespaces/alice/repositories?page=2&page_size=2',
    previous: null,
    results: [
      { name: 'app', namespace: 'alice', description: 'The app', is_private: true, pull_count: 1234, star_count: 5, last_updated: '2026-11-30T10:00:00.000000Z', storage_size: 2048 },
      { name: 'tools', namespace: 'alice', description: null, is_private: false, pull_count: '1B+', last_updated: 'yesterday' },
    ],
  }, 'alice');
  assert.deepEqual(page.items, [
    { name: 'alice/app', description: 'The app', isPrivate: true, pullCount: 1234, starCount: 5, lastUpdatedOn: '2026-11-30T10:00:00.000000Z', size: 2048 },
    { name: 'alice/tools', isPrivate: false },
  ]);
  assert.equal(page.next, 'https://hub.docker.com/v2/namespaces/alice/repositories?page=2&page_size=2');
  assert.equal(page.dropped, 0);
});

test('repository names that break the grammar, or try to climb out of the namespace, are dropped and counted', () => {
  const page = parseRepositoryPage({ results: [{ name: '../etc' }, { name: 'a/b' }, { name: 'UPPER' }, { name: 'ok' }, 'text', null, { name: 42 }] }, 'ns');
  assert.deepEqual(page.items.map((r) => r.name), ['ns/ok']);
  assert.equal(page.dropped, 6);
  assert.equal(page.next, undefined);
});

test('a page without results (an error body, null, an array) lists nothing and names no next page', () => {
  for (const body of [null, [], { message: 'not found' }, { results: 'x', next: 'https://hub.docker.com/x' }]) {
    const page = parseRepositoryPage(body, 'ns');
    assert.deepEqual([page.items, page.dropped, page.next], [[], 0, undefined], JSON.stringify(body));
  }
});

test('a tags page: full_size as the size, tag_last_pushed (else last_updated) as the time, the digest where given', () => {
  const page = parseTagPage({
    count: 2, next: null, previous: null,
    results: [
      { name: '1.0', full_size: 730, digest: DIGEST, last_updated: '2026-11-01T00:00:00Z', tag_last_pushed: '2026-11-02T00:00:00Z', tag_last_pulled: '2026-11-29T00:00:00Z', images: [{ architecture: 'amd64', os: 'linux', size: 730 }] },
      { name: 'latest', full_size: -1, digest: 'sha256:short', last_updated: '2026-10-01T00:00:00Z', tag_last_pushed: null },
    ],
  });
  assert.deepEqual(page.items, [
    { name: '1.0', digest: DIGEST, lastUpdatedOn: '2026-11-02T00:00:00Z', lastPulledOn: '2026-11-29T00:00:00Z', size: 730 },
    { name: 'latest', lastUpdatedOn: '2026-10-01T00:00:00Z' },
  ]);
  assert.equal(page.next, undefined);
});

test('tags that break the tag grammar are dropped and counted', () => {
  const page = parseTagPage({ results: [{ name: '-bad' }, { name: 'x'.repeat(129) }, { name: 'a\nb' }, { name: 'good_1.0' }] });
  assert.deepEqual(page.items.map((t) => t.name), ['good_1.0']);
  assert.equal(page.dropped, 3);
});

test('namespaces: one path component; a Hub repository is exactly namespace/name', () => {
  assert.ok(isValidNamespace('library'));
  assert.ok(isValidNamespace('my-org'));
  for (const bad of ['', 'a/b', '..', 'Upper', ' x', 42, undefined]) assert.equal(isValidNamespace(bad), false, String(bad));
  assert.deepEqual(splitHubRepository('library/alpine'), { namespace: 'library', name: 'alpine' });
  assert.equal(splitHubRepository('alpine'), undefined);
  assert.equal(splitHubRepository('a/b/c'), undefined);
});

test('page sizes stay within the Hub\'s 1 to 100', () => {
  assert.equal(hubPageSize(undefined), 100);
  assert.equal(hubPageSize(1000), 100);
  assert.equal(hubPageSize(25), 25);
  assert.equal(hubPageSize(0), 1);
});

test('the signed-in user\'s namespace comes first, each namespace once, library when there is none', () => {
  assert.deepEqual(hubNamespaces({ username: 'Alice', secret: 's' }, ['library', 'alice', 'team']), ['alice', 'library', 'team']);
  assert.deepEqual(hubNamespaces(undefined, []), ['library']);
  assert.deepEqual(hubNamespaces(undefined, ['bad/ns', 'ok']), ['ok']);
});
