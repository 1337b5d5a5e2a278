import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { manifestDescription, tagDescription } from '../../src/ui/tree/rowText';
import type { ManifestDetails } from '../../src/ui/tree/tagDetails';

const now = Date.parse('2026-12-01T00:00:00Z');
const clock = { now, locale: 'en' };
const digest = `sha256:1a2b3c4d${'0'.repeat(56)}`;

test('a tag row reads kind · size · age · short digest, and names a tag sharing its manifest', () => {
  const image: ManifestDetails = { digest, mediaType: 'm', kind: { kind: 'image' }, size: 12_300_000, configCreated: '2026-11-28T00:00:00Z' };
  assert.equal(tagDescription({ name: '1.0' }, image, [], clock), 'image · 12.3 MB · 3 days ago · sha256:1a2b3c4d');
  assert.equal(tagDescription({ name: '1.0' }, image, ['latest', 'stable'], clock), 'image · 12.3 MB · 3 days ago · sha256:1a2b3c4d · = latest +1');
  const index: ManifestDetails = {
    digest, mediaType: 'm', kind: { kind: 'index', platforms: 2 },
    platformSizes: [{ platform: 'linux/amd64', digest: 'a', size: 2_000_000 }, { platform: 'linux/arm64', digest: 'b', size: 1_500_000 }],
  };
  assert.equal(tagDescription({ name: 'multi', lastUpdatedOn: '2026-11-30T12:00:00Z' }, index, [], clock), 'index · 2 platforms · 1.50 MB–2.00 MB · 12 hours ago · sha256:1a2b3c4d');
  const sbom: ManifestDetails = { digest, mediaType: 'm', kind: { kind: 'artifact', category: 'sbom', label: 'sbom (SPDX)' }, size: 2048, annotationCreated: '2025-12-01T00:00:00Z' };
  assert.equal(tagDescription({ name: 'sbom' }, sbom, [], clock), 'sbom (SPDX) · 2.05 KB · last year · sha256:1a2b3c4d');
});

test('before its manifest is read, a tag row shows only what the listing gave', () => {
  assert.equal(tagDescription({ name: 'x' }, undefined, [], clock), undefined);
  assert.equal(tagDescription({ name: 'x', digest, lastUpdatedOn: '2026-11-30T00:00:00Z' }, undefined, [], clock), 'yesterday · sha256:1a2b3c4d');
});

test('a platform row shows that image\'s size; a referrer row does not repeat its label as its kind', () => {
  const image: ManifestDetails = { digest, mediaType: 'm', kind: { kind: 'image' }, size: 764 };
  assert.equal(manifestDescription('linux/amd64', digest, image, 'OCI manifest'), 'image · 764 B · sha256:1a2b3c4d');
  assert.equal(manifestDescription('linux/amd64', digest, undefined, 'OCI manifest'), 'OCI manifest · sha256:1a2b3c4d');
  const signature: ManifestDetails = { digest, mediaType: 'm', kind: { kind: 'artifact', label: 'signature (cosign)' }, size: 300 };
  assert.equal(manifestDescription('signature (cosign)', digest, signature, 'signature (cosign)'), '300 B · sha256:1a2b3c4d');
});
