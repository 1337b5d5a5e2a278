import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockContext, lockState, acrRepositoryDescription, acrRepositoryTooltip, untaggedDescription } from '../../src/ui/tree/acrText';

const clock = { now: Date.parse('2026-12-01T12:00:00Z'), locale: 'en' };
const open = { deleteEnabled: true, writeEnabled: true, listEnabled: true, readEnabled: true };

test('a row is locked when ACR refuses a push or a delete, and unknown without attributes', () => {
  assert.equal(lockState(undefined), undefined);
  assert.equal(lockContext(undefined), '');
  assert.equal(lockState(open), 'unlocked');
  assert.equal(lockState({ ...open, writeEnabled: false }), 'locked');
  assert.equal(lockState({ ...open, deleteEnabled: false }), 'locked');
  assert.equal(lockState({ ...open, readEnabled: false }), 'unlocked', 'read and list do not stop a delete or push');
  assert.equal(lockContext({ ...open, writeEnabled: false, deleteEnabled: false }), '.locked');
});

test('repository rows count tags and manifests, say when they changed and whether locked', () => {
  assert.equal(acrRepositoryDescription(undefined, clock), undefined);
  assert.equal(acrRepositoryDescription({ name: 'a', tagCount: 1, manifestCount: 3, lastUpdatedOn: '2026-11-29T12:00:00Z', attributes: open }, clock), '1 tag · 3 manifests · 2 days ago');
  assert.equal(acrRepositoryDescription({ name: 'a', tagCount: 0, manifestCount: 1, attributes: { ...open, writeEnabled: false } }, clock), '0 tags · 1 manifest · locked');
  assert.equal(untaggedDescription({ digest: 'sha256:x', size: 2048, lastUpdatedOn: 'not a time', os: 'linux', architecture: 'arm64' }, clock), '2.05 KB · linux/arm64');
});

test('a repository hover escapes what the registry sent', () => {
  const hover = acrRepositoryTooltip({ name: 'evil/[x](http://e)', tagCount: 2, attributes: { ...open, deleteEnabled: false } });
  assert.doesNotMatch(hover, /\]\(http/);
  assert.match(hover, /Delete \| disabled/);
});
