import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hiddenNamesText, makeMatcher, PagedList, prefixOf } from '../../src/ui/tree/paging';
import type { Page, PageCursor } from '../../src/registry/types';

/** A fake catalog: sorted names served `size` at a time, recording each request. */
function catalog(names: string[], size: number) {
  const requests: Array<{ cursor?: PageCursor; last?: string }> = [];
  const fetchPage = async (req: { cursor?: PageCursor; last?: string }): Promise<Page<string>> => {
    requests.push(req);
    const start = req.cursor ? Number(req.cursor.url) : req.last ? names.findIndex((n) => n > req.last!) : 0;
    const from = start < 0 ? names.length : start;
    const items = names.slice(from, from + size);
    return { items, next: from + size < names.length ? { url: String(from + size) } : undefined };
  };
  return { fetchPage, requests };
}

const names = Array.from({ length: 50 }, (_, i) => `app-${String(i).padStart(2, '0')}`).concat(['team/a', 'team/b', 'zeta']).sort();

test('matcher: substring is case-insensitive, a trailing * means prefix', () => {
  assert.equal(makeMatcher('APP-1')('app-12'), true);
  assert.equal(makeMatcher('team/*')('team/a'), true);
  assert.equal(makeMatcher('team/*')('my-team/a'), false);
  assert.equal(makeMatcher(undefined)('x'), true);
  assert.equal(prefixOf('*'), undefined);
});

test('fetches one page at a time, never everything up front', async () => {
  const { fetchPage, requests } = catalog(names, 10);
  const list = new PagedList(fetchPage, (n) => n, undefined, true);
  await list.loadMore(10, 10);
  assert.equal(requests.length, 1);
  assert.equal(list.visible().length, 10);
  assert.equal(list.done, false);
  await list.loadMore(10, 10);
  assert.equal(requests.length, 2);
  assert.deepEqual(requests[1].cursor, { url: '10' });
});

test('a prefix filter starts near the prefix and stops once past it', async () => {
  const { fetchPage, requests } = catalog(names, 2);
  const list = new PagedList(fetchPage, (n) => n, 'team/*', true);
  await list.loadMore(100, 100);
  assert.deepEqual(list.visible(), ['team/a', 'team/b']);
  assert.equal(list.done, true);
  assert.equal(requests[0].last, 'team');
  assert.ok(requests.length <= 3, `scanned ${requests.length} pages`);
});

test('a substring filter scans a bounded number of pages per click', async () => {
  const { fetchPage, requests } = catalog(names, 5);
  const list = new PagedList(fetchPage, (n) => n, 'nomatch', true);
  await list.loadMore(10, 4);
  assert.equal(requests.length, 4);
  assert.equal(list.visible().length, 0);
  assert.equal(list.scanned, 20);
  assert.equal(list.done, false);
});

test('an empty page ends the list', async () => {
  const list = new PagedList(async () => ({ items: [], next: { url: 'again' } }), (n: string) => n, undefined, false);
  await list.loadMore(10, 10);
  assert.equal(list.done, true);
});

test('invalid names the registry listed are counted for a "hidden" row; a page of only invalid names does not end the list', async () => {
  const pages: Array<Page<string>> = [
    { items: [], next: { url: '1' }, dropped: 3 },
    { items: ['v1'], next: { url: '2' }, dropped: 1 },
    { items: ['v2'] },
  ];
  const list = new PagedList(async (req) => pages[req.cursor ? Number(req.cursor.url) : 0], (n: string) => n, undefined, false);
  await list.loadMore(10, 10);
  assert.deepEqual(list.visible(), ['v1', 'v2']);
  assert.equal(list.done, true);
  assert.equal(list.dropped, 4);
  assert.equal(hiddenNamesText(list.dropped, 'tag'), '4 invalid tags hidden');
  assert.equal(hiddenNamesText(1, 'repository'), '1 invalid repository name hidden');
  assert.equal(hiddenNamesText(0, 'tag'), undefined);
});

test('two expands at once (a refresh while the first page is on its way) share one request and list each name once', async () => {
  const { fetchPage, requests } = catalog(names, 10);
  const list = new PagedList(fetchPage, (n) => n, undefined, true);
  await Promise.all([list.loadMore(10, 10), list.loadMore(10, 10)]);
  assert.equal(requests.length, 1);
  assert.deepEqual(list.visible(), names.slice(0, 10));
});
