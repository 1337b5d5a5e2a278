import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLayoutReference, parseLayoutReference } from '../../src/registry/sources/layoutReference';
import { ReferenceSyntaxError } from '../../src/registry/errors';

const DIGEST = `sha256:${'a'.repeat(64)}`;

test('oci:<folder>[:<tag>|@<digest>] as skopeo writes it', () => {
  assert.deepEqual(parseLayoutReference('oci:/srv/images'), { dir: '/srv/images' });
  assert.deepEqual(parseLayoutReference('oci:/srv/images:1.0'), { dir: '/srv/images', tag: '1.0' });
  assert.deepEqual(parseLayoutReference(`oci:/srv/images@${DIGEST}`), { dir: '/srv/images', digest: DIGEST });
  assert.deepEqual(parseLayoutReference('oci:/srv/a:b/images:latest'), { dir: '/srv/a:b/images', tag: 'latest' }, 'a colon before the last / belongs to the folder');
  assert.deepEqual(parseLayoutReference('oci:images:v2'), { dir: 'images', tag: 'v2' });
  assert.ok(isLayoutReference(' OCI:/x') && !isLayoutReference('localhost:5000/oci:x') && !isLayoutReference('ghcr.io/a/b:1'));
});

test('an empty folder or a tag outside the grammar is a ReferenceSyntaxError', () => {
  assert.throws(() => parseLayoutReference('oci:'), (e: Error) => e instanceof ReferenceSyntaxError && /oci:<folder>/.test(e.message));
  assert.throws(() => parseLayoutReference('oci::1.0'), ReferenceSyntaxError);
  assert.throws(() => parseLayoutReference('oci:/srv/images:bad tag!'), ReferenceSyntaxError);
});
