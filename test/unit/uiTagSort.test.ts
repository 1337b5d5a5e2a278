import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { referrersTagSubject, referrerTagGroups } from '../../src/ui/tree/referrerTags';
import { relativeTime } from '../../src/ui/tree/relativeTime';
import { compareVersionsNewestFirst, sortTagNames, timeValue } from '../../src/ui/tree/tagSort';

const byVersion = (names: string[]) => sortTagNames(names, (n) => n, 'version', () => undefined);

test('versions: newest first, 1.10 before 1.9 before 1.9-rc1, a leading v ignored, names that are no version last in name order', () => {
  assert.deepEqual(byVersion(['1.9', 'latest', '1.9-rc1', 'v1.10', '1.9-rc10', '2', 'main', '1.9-rc2', '0.9.1', 'edge']),
    ['2', 'v1.10', '1.9', '1.9-rc10', '1.9-rc2', '1.9-rc1', '0.9.1', 'edge', 'latest', 'main']);
  assert.ok(compareVersionsNewestFirst('10.0.0', '9.99.99') < 0);
  assert.ok(compareVersionsNewestFirst('1.2.3', '1.2') < 0, '1.2.3 is newer than 1.2');
  assert.deepEqual(byVersion(['sha-abc', 'v2-alpine', 'v2']), ['v2', 'v2-alpine', 'sha-abc']);
});

test('newest first: tags with a known time by time, the rest after them by version', () => {
  const times: Record<string, string | undefined> = { a: '2026-01-01T00:00:00Z', b: '2026-06-01T00:00:00Z', '1.0': undefined, '2.0': undefined, c: 'not a time' };
  const sorted = sortTagNames(Object.keys(times), (n) => n, 'newest', (n) => timeValue(times[n]));
  assert.deepEqual(sorted, ['b', 'a', '2.0', '1.0', 'c']);
  assert.deepEqual(sortTagNames(Object.keys(times), (n) => n, 'version', (n) => timeValue(times[n])), ['2.0', '1.0', 'a', 'b', 'c']);
});

test('referrers-schema tags: only sha256-<64 lowercase hex>; grouped out when their subject is not a listed tag', () => {
  const hex = 'ab'.repeat(32);
  assert.equal(referrersTagSubject(`sha256-${hex}`), `sha256:${hex}`);
  for (const name of [`sha256-${hex.toUpperCase()}`, `sha256-${hex}0`, `sha256-${hex.slice(1)}`, `sha512-${hex}`, 'sha256-abc']) assert.equal(referrersTagSubject(name), undefined, name);
  const other = 'cd'.repeat(32);
  const tags = [
    { tag: { name: 'latest' }, digest: `sha256:${hex}` },
    { tag: { name: `sha256-${hex}` } },
    { tag: { name: `sha256-${other}` } },
    { tag: { name: `sha256-${other.toUpperCase()}` } },
  ];
  const groups = referrerTagGroups(tags, (t) => t.digest);
  assert.deepEqual(groups.ordinary.map((t) => t.tag.name), ['latest', `sha256-${other.toUpperCase()}`]);
  assert.deepEqual(groups.unmatched.map((t) => t.tag.name), [`sha256-${other}`]);
});

test('relative times say how long ago in the largest whole unit', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  assert.equal(relativeTime(now - 3 * 24 * 3600_000, now), '3 days ago');
  assert.equal(relativeTime(now - 90 * 60_000, now), '1 hour ago');
  assert.equal(relativeTime(now - 400 * 24 * 3600_000, now), 'last year');
  assert.equal(relativeTime(now - 5_000, now), '5 seconds ago');
  assert.equal(relativeTime(now + 2 * 3600_000, now), 'in 2 hours');
  assert.equal(relativeTime(now - 3 * 24 * 3600_000, now, 'not a locale!'), '3 days ago');
});
