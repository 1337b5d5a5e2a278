import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { ImageManifest } from '../../src/registry/types';
import { chooseCreated, imageSize, summarizeSizes, type ManifestDetails } from '../../src/ui/tree/tagDetails';

const details = (extra: Partial<ManifestDetails>): ManifestDetails => ({ digest: 'sha256:1', mediaType: 'm', kind: { kind: 'image' }, ...extra });

test('created time: the registry listing first, then the config, then the annotation; unreadable values are skipped', () => {
  const all = details({ configCreated: '2024-02-02T00:00:00Z', annotationCreated: '2024-03-03T00:00:00Z' });
  assert.deepEqual(chooseCreated({ name: 't', lastUpdatedOn: '2025-01-01T00:00:00Z', createdOn: '2024-12-01T00:00:00Z' }, all), { time: '2025-01-01T00:00:00Z', source: 'registry' });
  assert.deepEqual(chooseCreated({ name: 't', createdOn: '2024-12-01T00:00:00Z' }, all), { time: '2024-12-01T00:00:00Z', source: 'registry' });
  assert.deepEqual(chooseCreated({ name: 't' }, all), { time: '2024-02-02T00:00:00Z', source: 'config' });
  assert.deepEqual(chooseCreated({ name: 't' }, details({ configCreated: 'yesterday-ish', annotationCreated: '2024-03-03T00:00:00Z' })), { time: '2024-03-03T00:00:00Z', source: 'annotation' });
  assert.equal(chooseCreated({ name: 't' }, details({})), undefined);
  assert.equal(chooseCreated(undefined, undefined), undefined);
});

test('image size is config plus layers; a missing or broken size gives no size rather than a wrong one', () => {
  const d = (size: number) => ({ mediaType: 'x', digest: 'sha256:0', size });
  assert.equal(imageSize({ config: d(100), layers: [d(1000), d(20_000)] }), 21_100);
  assert.equal(imageSize({ config: d(2), layers: [] }), 2);
  assert.equal(imageSize({ config: d(2), layers: [d(-1)] }), undefined);
  assert.equal(imageSize({ config: d(2), layers: [d(1.5)] }), undefined);
  assert.equal(imageSize({ layers: [d(1)] } as Partial<ImageManifest>), undefined);
});

test('an index sums up as smallest, largest and total of its platforms', () => {
  assert.deepEqual(summarizeSizes([{ platform: 'linux/amd64', digest: 'a', size: 300 }, { platform: 'linux/arm64', digest: 'b', size: 100 }]), { smallest: 100, largest: 300, total: 400 });
  assert.equal(summarizeSizes([]), undefined);
});
