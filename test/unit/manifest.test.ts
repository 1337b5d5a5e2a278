import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestKind, parseManifest, platformLabel, referencedDescriptors, validateDescriptor } from '../../src/registry/manifest';
import { ManifestInvalidError } from '../../src/registry/errors';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, isImageManifestMediaType, isIndexMediaType } from '../../src/registry/mediaTypes';

const D = (n: string) => `sha256:${n.repeat(64)}`;
const desc = (n: string, mediaType = 'application/octet-stream') => ({ mediaType, digest: D(n), size: 10 });
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

const image = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: desc('a'), layers: [desc('b')], subject: desc('c') };
const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...desc('d', OCI_MANIFEST), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }] };

test('parses OCI and Docker manifests and indexes', () => {
  assert.equal(parseManifest(bytes(image)).mediaType, OCI_MANIFEST);
  assert.equal(parseManifest(bytes(index), OCI_INDEX).mediaType, OCI_INDEX);
  assert.equal(parseManifest(bytes({ ...image, mediaType: DOCKER_MANIFEST }), DOCKER_MANIFEST).mediaType, DOCKER_MANIFEST);
  assert.equal(parseManifest(bytes({ ...index, mediaType: DOCKER_MANIFEST_LIST })).mediaType, DOCKER_MANIFEST_LIST);
  // No mediaType field: from Content-Type, else from the shape.
  const bare: Record<string, unknown> = { ...image };
  delete bare.mediaType;
  assert.equal(parseManifest(bytes(bare), `${DOCKER_MANIFEST}; charset=utf-8`).mediaType, DOCKER_MANIFEST);
  assert.equal(parseManifest(bytes(bare), 'application/json').mediaType, OCI_MANIFEST);
  const artifact = { ...image, artifactType: 'application/vnd.example.sbom.v1+json' };
  assert.equal(parseManifest(bytes(artifact)).manifest.artifactType, 'application/vnd.example.sbom.v1+json');
});

test('refuses what is not a valid manifest, with a clear message', () => {
  const cases: Array<[Buffer, string | undefined, RegExp]> = [
    [bytes('{not json'), undefined, /not valid JSON/],
    [bytes('[]'), undefined, /must be a JSON object, got an array/],
    [bytes('null'), undefined, /got null/],
    [bytes({ ...image, schemaVersion: 1 }), undefined, /schemaVersion 1/],
    [bytes({ ...image, schemaVersion: '2' }), undefined, /schemaVersion "2"/],
    [bytes({ ...image, mediaType: OCI_INDEX }), undefined, /is an index but the document has no "manifests"/],
    [bytes({ ...index, mediaType: OCI_MANIFEST }), undefined, /is an image manifest but the document has "manifests"/],
    [bytes(image), DOCKER_MANIFEST, /says mediaType .* but was served as/],
    [bytes({ ...image, config: { ...desc('a'), size: -1 } }), undefined, /config has an invalid size -1/],
    [bytes({ ...image, config: { ...desc('a'), size: 1.5 } }), undefined, /invalid size/],
    [bytes({ ...image, layers: [{ ...desc('b'), digest: 'sha256:xyz' }] }), undefined, /layers\[0\] has an invalid digest/],
    [bytes({ ...image, layers: [{ digest: D('b'), size: 1 }] }), undefined, /layers\[0\] has no mediaType/],
    [bytes({ ...image, layers: 'x' }), undefined, /needs a "layers" array/],
    [bytes({ ...index, manifests: {} }), undefined, /"manifests" must be an array/],
    [bytes({ ...image, subject: 'x' }), undefined, /subject must be an object/],
  ];
  for (const [input, contentType, pattern] of cases) {
    assert.throws(() => parseManifest(input, contentType), (e: unknown) => e instanceof ManifestInvalidError && pattern.test(e.message), pattern.source);
  }
});

test('helpers: kind, platform label, referenced descriptors, media type predicates', () => {
  assert.equal(manifestKind(image as never), 'image');
  assert.equal(manifestKind(index as never), 'index');
  assert.equal(platformLabel({ os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64/v8');
  assert.equal(platformLabel({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
  assert.equal(platformLabel(undefined), 'unknown');
  assert.deepEqual(referencedDescriptors(image as never).map((d) => d.digest), [D('a'), D('b'), D('c')]);
  assert.deepEqual(referencedDescriptors(index as never).map((d) => d.digest), [D('d')]);
  assert.ok(isIndexMediaType(`${OCI_INDEX}; charset=utf-8`) && isIndexMediaType(DOCKER_MANIFEST_LIST) && !isIndexMediaType(OCI_MANIFEST));
  assert.ok(isImageManifestMediaType(DOCKER_MANIFEST) && !isImageManifestMediaType(undefined));
  assert.doesNotThrow(() => validateDescriptor(desc('e')));
  assert.throws(() => validateDescriptor({ ...desc('e'), size: Number.MAX_SAFE_INTEGER + 2 }), ManifestInvalidError);
});

test('annotations must map strings to strings, in manifests, indexes and descriptors', () => {
  const bad: unknown[] = ['x', ['a'], null, { k: { nested: 'v' } }, { k: 1 }, { k: null }];
  for (const annotations of bad) {
    for (const input of [
      { ...image, annotations },
      { ...index, annotations },
      { ...image, layers: [{ ...desc('b'), annotations }] },
      { ...index, manifests: [{ ...desc('d', OCI_MANIFEST), annotations }] },
      { ...image, subject: { ...desc('c'), annotations } },
    ]) {
      assert.throws(() => parseManifest(bytes(input)), (e: unknown) => e instanceof ManifestInvalidError && /annotation/.test(e.message), JSON.stringify(input).slice(0, 120));
    }
  }
  assert.doesNotThrow(() => parseManifest(bytes({ ...image, annotations: { a: 'b', 'org.example.empty': '' } })));
});

test('media types must be RFC 6838 names: in the manifest, its artifactType, descriptors and the Content-Type', () => {
  for (const mediaType of ['application/vnd.oci.image.manifest.v1+json`', 'application/x\nevil', 'no-slash', 'a/b c']) {
    const cases = [
      { ...image, layers: [{ ...desc('b'), mediaType }] },
      { ...image, config: { ...desc('a'), mediaType } },
      { ...image, artifactType: mediaType },
      { ...image, layers: [{ ...desc('b'), artifactType: mediaType }] },
      { ...index, manifests: [{ ...desc('d'), mediaType }] },
    ];
    for (const input of cases) {
      assert.throws(() => parseManifest(bytes(input)), (e: unknown) => e instanceof ManifestInvalidError && /invalid (mediaType|artifactType)/.test(e.message), JSON.stringify(input).slice(0, 160));
    }
    assert.throws(() => parseManifest(bytes({ ...image, mediaType })), ManifestInvalidError);
  }
  const bare: Record<string, unknown> = { ...image };
  delete bare.mediaType;
  assert.throws(() => parseManifest(bytes(bare), 'application/vnd.x`y'), /invalid media type/);
});

test('bytes that are not UTF-8 are refused with an encoding error, not repaired', () => {
  const text = JSON.stringify({ ...image, annotations: { note: 'caf\u00e9' } });
  const good = Buffer.from(text, 'utf8');
  assert.equal(parseManifest(good).manifest.annotations?.note, 'caf\u00e9');
  const latin1 = Buffer.from(text, 'latin1'); // é as the single byte 0xE9
  const truncated = Buffer.concat([good.subarray(0, good.indexOf(0xc3) + 1), good.subarray(good.indexOf(0xc3) + 2)]);
  // "/" written as the overlong pair C0 AF, which a lenient decoder might turn into a slash.
  const at = good.indexOf(0xc3);
  const overlong = Buffer.concat([good.subarray(0, at), Buffer.from([0xc0, 0xaf]), good.subarray(at + 2)]);
  for (const input of [latin1, truncated, overlong, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good])]) {
    assert.throws(() => parseManifest(input), (e: unknown) => e instanceof ManifestInvalidError && /UTF-8|not valid JSON/.test(e.message));
  }
  assert.throws(() => parseManifest(latin1), /manifest is not valid UTF-8/);
  assert.throws(() => parseManifest(truncated), /not valid UTF-8/);
});

test('values quoted in an error message keep it on one line: line breaks and quotes are escaped', () => {
  assert.throws(
    () => parseManifest(bytes({ ...image, layers: [{ ...desc('b'), mediaType: 'application/x\r\nX-Evil: "1"' }] })),
    (e: unknown) => e instanceof ManifestInvalidError && e.message.includes(String.raw`"application/x\r\nX-Evil: \"1\""`) && !/[\r\n]/.test(e.message),
  );
});
