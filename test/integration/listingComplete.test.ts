// Whole listings from a real docker-registry through `crx`: every page however many there are, the
// largest page asked for when the user names none (and none when the registry refuses that), and
// an error, never a shortened list, when a listing goes on past the page limit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { collectPages, ListingTooLongError } from '../../src/registry/operations/listing';
import { buildCli, crx } from '../harness/crxProcess';
import { sendJson, startFaultServer } from '../harness/faultServer';
import { seedManyRepositories } from '../harness/manyRepositories';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

const COUNT = 5_001;
let registry: RunningRegistry;
let names: string[];
/** 1,001 repositories: one page each takes one page more than the old limit of 1,000 pages. */
let paged: RunningRegistry;
let pagedNames: string[];

before(async () => {
  await buildCli();
  [registry, paged] = await Promise.all([startRegistry(), startRegistry()]);
  names = await seedManyRepositories(registry, COUNT);
  pagedNames = await seedManyRepositories(paged, 1_001);
});
after(() => Promise.all([registry?.close(), paged?.close()]));

function catalogRequests(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /GET \S*\/v2\/_catalog\S* -> 200/.test(line));
}

test('crx catalog without --page-size lists all 5,001 repositories in pages of 1,000', async () => {
  const result = await crx(['catalog', registry.host, '--verbose']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.toString().trim().split('\n'), names);
  const requests = catalogRequests(result.stderr);
  assert.equal(requests.length, 6, requests.join('\n'));
  assert.match(requests[0], /n=1000/);
});

// docker-registry walks its storage up to the position for every page: 1,001 pages of one name
// cost a fifth of 1,001 pages of five names from 5,001 and cross the same limit.
test('crx catalog --page-size 1 lists all 1,001 repositories (1,001 pages)', { timeout: 240_000 }, async () => {
  const result = await crx(['catalog', paged.host, '--page-size', '1'], { timeoutMs: 230_000 });
  assert.equal(result.code, 0, result.stderr);
  const listed = result.stdout.toString().trim().split('\n');
  assert.equal(listed.length, pagedNames.length);
  assert.deepEqual(listed, pagedNames);
});

test('a listing that still has pages after the page limit is an error, not a shortened list', async () => {
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  await assert.rejects(
    collectPages((cursor) => client.listRepositories({ pageSize: 1000, cursor }), 'repository catalog', 5),
    (error: Error) => error instanceof ListingTooLongError && /repository catalog: the registry still named a next page after 5 pages/.test(error.message),
  );
  const all = await collectPages((cursor) => client.listRepositories({ pageSize: 1000, cursor }), 'repository catalog', 6);
  assert.equal(all.items.length, COUNT);
});

// No registry here refuses a page of 1,000 (docker-registry refuses only above): a small server
// that caps pages at 100 the way some registries do, answering 400 above, from the distribution spec.
test('crx catalog and tags ask again without a page size when the registry refuses 1,000 (400)', async () => {
  const refusing = await startFaultServer((request, response) => {
    const url = new URL(request.url, 'http://registry');
    const n = url.searchParams.get('n');
    if (n !== null && Number(n) > 100) return sendJson(response, 400, { errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: 'invalid number of results requested' }] });
    if (url.pathname === '/v2/') return sendJson(response, 200, {});
    if (url.pathname === '/v2/_catalog') {
      if (!url.searchParams.get('last')) return sendJson(response, 200, { repositories: ['a', 'b'] }, { link: '</v2/_catalog?last=b>; rel="next"' });
      return sendJson(response, 200, { repositories: ['c'] });
    }
    if (url.pathname === '/v2/a/tags/list') return sendJson(response, 200, { name: 'a', tags: ['v1', 'v2'] });
    sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
  });
  try {
    const catalog = await crx(['catalog', refusing.host]);
    assert.equal(catalog.code, 0, catalog.stderr);
    assert.equal(catalog.stdout.toString(), 'a\nb\nc\n');
    const tags = await crx(['tags', `${refusing.host}/a`]);
    assert.equal(tags.code, 0, tags.stderr);
    assert.equal(tags.stdout.toString(), 'v1\nv2\n');
    assert.deepEqual(refusing.requests.map((r) => r.url).filter((url) => url.startsWith('/v2/') && url !== '/v2/'), [
      '/v2/_catalog?n=1000', '/v2/_catalog', '/v2/_catalog?last=b',
      '/v2/a/tags/list?n=1000', '/v2/a/tags/list',
    ]);
  } finally {
    await refusing.close();
  }
});
