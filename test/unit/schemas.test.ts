// The JSON schemas in schemas/ (editor completion and diagnostics) and the runtime checks that push and
// fetch apply must agree: every pattern in a schema is one of the runtime's own pattern strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIGEST_PATTERN, isValidDigest } from '../../src/registry/digest';
import { MEDIA_TYPE_PATTERN, isValidMediaType } from '../../src/registry/mediaTypes';

const SCHEMA_DIR = resolve(__dirname, '..', '..', '..', 'schemas');
type Node = Record<string, unknown>;

function schemas(): Array<[string, Node]> {
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'));
  assert.ok(files.length >= 4, `schemas found in ${SCHEMA_DIR}`);
  return files.map((f) => [f, JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as Node]);
}

/** Every [property name, its schema] under any `properties`, and every `pattern`, anywhere in the tree. */
function walk(node: unknown, visit: (name: string | undefined, schema: Node) => void, name?: string): void {
  if (Array.isArray(node)) return node.forEach((item) => walk(item, visit, name));
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Node;
  visit(name, schema);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [property, child] of Object.entries(value)) walk(child, visit, property);
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      walk(value, visit, name);
    } else {
      walk(value, visit, undefined);
    }
  }
}

test('schemas use exactly the runtime patterns for digests and media types, and string maps for annotations', () => {
  for (const [file, root] of schemas()) {
    const counts = { digest: 0, mediaType: 0, annotations: 0 };
    walk(root, (name, schema) => {
      if (typeof schema.pattern === 'string') {
        assert.ok([DIGEST_PATTERN, MEDIA_TYPE_PATTERN].includes(schema.pattern), `${file}: unknown pattern ${schema.pattern}`);
      }
      if (name === 'digest' && schema.type === 'string') {
        assert.equal(schema.pattern, DIGEST_PATTERN, `${file}: digest pattern`);
        counts.digest++;
      }
      if ((name === 'mediaType' || name === 'artifactType') && schema.pattern !== undefined) {
        assert.equal(schema.pattern, MEDIA_TYPE_PATTERN, `${file}: ${name} pattern`);
        counts.mediaType++;
      }
      for (const value of [schema.const, ...(Array.isArray(schema.enum) ? schema.enum : [])]) {
        if ((name === 'mediaType' || name === 'artifactType') && value !== undefined) assert.ok(isValidMediaType(value), `${file}: ${String(value)}`);
      }
      if (name === 'annotations') {
        assert.deepEqual({ type: schema.type, additionalProperties: schema.additionalProperties }, { type: 'object', additionalProperties: { type: 'string' } }, file);
        counts.annotations++;
      }
    });
    assert.ok(counts.digest > 0 && counts.mediaType > 0 && counts.annotations > 0, `${file}: ${JSON.stringify(counts)}`);
  }
});

test('the pattern strings decide as the runtime checks do', () => {
  const digest = new RegExp(DIGEST_PATTERN);
  const digests = [`sha256:${'a'.repeat(64)}`, `sha512:${'0'.repeat(128)}`, `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `md5:${'a'.repeat(32)}`,
    `sha256+b64u:${'a'.repeat(43)}`, `sha256:${'a'.repeat(64)}\n`, 'sha256:'];
  for (const d of digests) assert.equal(digest.test(d), isValidDigest(d), d);
  const mediaType = new RegExp(MEDIA_TYPE_PATTERN);
  const types = ['application/vnd.oci.image.manifest.v1+json', 'text/plain', 'a`b/c', 'application/x\nevil', 'application/json; charset=utf-8', 'noslash', `a/${'b'.repeat(128)}`];
  for (const t of types) assert.equal(mediaType.test(t), isValidMediaType(t), t);
  assert.deepEqual(types.map(isValidMediaType), [true, true, false, false, false, false, false]);
});
