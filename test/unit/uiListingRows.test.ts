// Rows drawn from what a registry's own listing says (Docker Hub's repositories and tags): a tag's
// size and push time before its manifest is read, a repository's privacy, pulls and last update.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { detailsTooltip, repositoryDescription, repositoryTooltip, tagDescription } from '../../src/ui/tree/rowText';
import type { ManifestDetails } from '../../src/ui/tree/tagDetails';

const clock = { now: Date.parse('2026-12-01T00:00:00Z'), locale: 'en' };
const digest = `sha256:1a2b3c4d${'0'.repeat(56)}`;

test('a tag listed with a size shows it before its manifest is read; the manifest\'s own size wins once read', () => {
  const listed = { name: '1.0', size: 730, lastUpdatedOn: '2026-11-30T00:00:00Z', lastPulledOn: '2026-11-30T12:00:00Z' };
  assert.equal(tagDescription(listed, undefined, [], clock), '730 B · yesterday');
  const image: ManifestDetails = { digest, mediaType: 'm', kind: { kind: 'image' }, size: 12_300_000 };
  assert.equal(tagDescription(listed, image, [], clock), 'image · 12.3 MB · yesterday · sha256:1a2b3c4d');
  const hover = detailsTooltip('samples/hello:1.0', listed, undefined, [], clock);
  const plain = hover.replace(/\\/g, '');
  assert.match(plain, /\| Size \| 730 B \(730 bytes\), as the registry's tag listing states \|/);
  assert.match(plain, /\| Last pulled \| 2026-11-30T12:00:00Z \|/);
});

test('a repository row: private, pulls and last update; a plain catalog entry has no description', () => {
  const info = { name: 'alice/app', isPrivate: true, pullCount: 4321, lastUpdatedOn: '2026-11-28T00:00:00Z', description: 'The *app* <b>x</b>' };
  assert.equal(repositoryDescription(info, clock), 'private · 4,321 pulls · 3 days ago');
  assert.equal(repositoryDescription({ name: 'a/b', pullCount: 1 }, clock), '1 pull');
  assert.equal(repositoryDescription({ name: 'a/b' }, clock), undefined);
  assert.equal(repositoryDescription(undefined, clock), undefined);
  const hover = repositoryTooltip('alice/app', info);
  assert.doesNotMatch(hover, /<b>/, 'HTML from the registry is escaped');
  assert.match(hover, /private/);
});
