// Referrers without the referrers API: whether the API exists is asked once per repository, and
// concurrent pushes of referrers to one subject all end up in its `sha256-<hex>` index — within one
// client (updates serialized) against a real docker-registry, and across clients where the registry
// honours conditional PUTs (a proxy adds If-Match to docker-registry); skopeo reads the index back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import type { ImageIndex } from '../../src/registry/types';
import { buildArtifact, buildImage, imageBlobs, type BlobData } from '../harness/fixtures';
import { sendJson, startFaultServer } from '../harness/faultServer';
import { startConditionalProxy } from '../harness/conditionalProxy';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { dockerTransport, skopeoAccessFor, skopeoInspectRaw } from '../harness/skopeo';

const REPO = 'refs/app';

function anonymous(host: string): RegistryClient {
  return new RegistryClient({ host, auth: { kind: 'anonymous' } });
}

async function pushSubject(client: RegistryClient): Promise<BlobData> {
  const image = buildImage({ label: 'concurrent-subject' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob(REPO, blob.bytes);
  await client.putManifest(REPO, image.manifest.bytes, { reference: 'v1' });
  return image.manifest;
}

function artifacts(subject: BlobData, count: number): Array<ReturnType<typeof buildArtifact>> {
  return Array.from({ length: count }, (_, i) =>
    buildArtifact({ artifactType: `application/vnd.example.kind${i}.v1+json`, layerMediaType: 'application/vnd.example.x', content: `payload-${i}`, subject }));
}

async function pushArtifact(client: RegistryClient, artifact: ReturnType<typeof buildArtifact>): Promise<void> {
  for (const blob of [artifact.config, ...artifact.layers]) await client.uploadBlob(REPO, blob.bytes);
  await client.putManifest(REPO, artifact.manifest.bytes);
}

async function indexViaSkopeo(registry: RunningRegistry, subject: BlobData): Promise<ImageIndex> {
  const raw = await skopeoInspectRaw(dockerTransport(registry.host, `${REPO}:sha256-${subject.digest.slice(7)}`), await skopeoAccessFor(registry));
  return JSON.parse(raw.toString('utf8')) as ImageIndex;
}

test('referrers API support is asked once per repository, across listings and a delete', async () => {
  const stored = new Map<string, { type: string; bytes: Buffer }>();
  const server = await startFaultServer((request, response) => {
    const match = /^\/v2\/refs\/app\/manifests\/([^/]+)$/.exec(request.url);
    if (match && request.method === 'PUT') {
      const type = String(request.headers['content-type']);
      stored.set(match[1], { type, bytes: request.body });
      response.writeHead(201);
      return void response.end();
    }
    const found = match && stored.get(match[1]);
    if (found && request.method === 'GET') {
      response.writeHead(200, { 'content-type': found.type });
      return void response.end(found.bytes);
    }
    if (match && request.method === 'DELETE') {
      response.writeHead(202);
      return void response.end();
    }
    sendJson(response, 404, { errors: [{ code: 'NOT_FOUND', message: 'no such thing' }] });
  });
  try {
    const subject = buildImage({ label: 'probe-subject' }).manifest;
    const [sbom] = artifacts(subject, 1);
    // Written by one client; listed and deleted by another that has not learned anything yet.
    await anonymous(server.host).putManifest(REPO, sbom.manifest.bytes);
    const client = anonymous(server.host);
    const apiRequests = (): number => server.requests.filter((r) => r.url.includes('/referrers/')).length;
    assert.deepEqual((await client.listReferrers(REPO, subject.digest)).map((d) => d.digest), [sbom.manifest.digest]);
    assert.deepEqual((await client.listReferrers(REPO, subject.digest)).map((d) => d.digest), [sbom.manifest.digest]);
    await client.deleteManifest(REPO, sbom.manifest.digest);
    assert.equal(apiRequests(), 1, 'the referrers API was asked about once');
    assert.deepEqual((await client.listReferrers(REPO, subject.digest)).map((d) => d.digest), [], 'the delete still updated the tag');
    assert.equal(apiRequests(), 1);
  } finally {
    await server.close();
  }
});

test('concurrent referrer pushes from one client all land in the fallback index (docker-registry, skopeo)', async () => {
  const registry = await startRegistry();
  try {
    const client = anonymous(registry.host);
    const subject = await pushSubject(client);
    const pushed = artifacts(subject, 4);
    await Promise.all(pushed.map((artifact) => pushArtifact(client, artifact)));
    const index = await indexViaSkopeo(registry, subject);
    assert.deepEqual(index.manifests.map((d) => d.digest).sort(), pushed.map((a) => a.manifest.digest).sort());
  } finally {
    await registry.close();
  }
});

test('concurrent referrer pushes from two clients all land in the index where PUTs are conditional', async () => {
  const registry = await startRegistry();
  const proxy = await startConditionalProxy(registry.url, { overlappingTagReads: 2 });
  try {
    const subject = await pushSubject(anonymous(registry.host));
    const pushed = artifacts(subject, 2);
    await Promise.all(pushed.map((artifact) => pushArtifact(anonymous(proxy.host), artifact)));
    const index = await indexViaSkopeo(registry, subject);
    assert.deepEqual(index.manifests.map((d) => d.digest).sort(), pushed.map((a) => a.manifest.digest).sort());
    assert.ok(proxy.refused >= 1, 'the two clients did overlap, and one of them had to read again');
  } finally {
    await proxy.close();
    await registry.close();
  }
});

test('where entity tags are not digests, a refused condition on an unchanged index is dropped rather than failing the push', async () => {
  const registry = await startRegistry();
  const proxy = await startConditionalProxy(registry.url, { entityTag: (digest) => `W/"${digest.slice(7, 19)}"` });
  try {
    const client = anonymous(registry.host);
    const subject = await pushSubject(client);
    const [first, second] = artifacts(subject, 2);
    await pushArtifact(client, first);
    await pushArtifact(anonymous(proxy.host), second);
    const index = await indexViaSkopeo(registry, subject);
    assert.deepEqual(index.manifests.map((d) => d.digest).sort(), [first, second].map((a) => a.manifest.digest).sort());
    assert.equal(proxy.refused, 1);
  } finally {
    await proxy.close();
    await registry.close();
  }
});
