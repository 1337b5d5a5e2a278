// Referrers tag schema (OCI distribution 1.1): a real docker-registry 2.8.2 has no referrers API, so
// pushing and deleting manifests with a `subject` must keep the `sha256-<hex>` index current; skopeo
// reads that index back as the oracle. A scripted server that answers `OCI-Subject` must get no tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import type { Descriptor, ImageIndex } from '../../src/registry/types';
import { REFERRERS_TAG_NOT_UPDATED } from '../../src/registry/operations/referrersTag';
import { blobOf, buildArtifact, buildImage, descriptorOf, jsonBytes, MT, type BlobData } from '../harness/fixtures';
import { sendJson, startFaultServer, type RunningFaultServer } from '../harness/faultServer';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { dockerTransport, skopeoAccessFor, skopeoInspectRaw } from '../harness/skopeo';

const REPO = 'refs/app';
const SBOM_TYPE = 'application/vnd.example.sbom.v1+json';
const SIGNATURE_CONFIG_TYPE = 'application/vnd.example.signature.config.v1+json';

interface Pushable {
  manifest: BlobData;
  config: BlobData;
  layers: BlobData[];
}

function clientFor(host: string, logLines: string[]): RegistryClient {
  return new RegistryClient({ host, auth: { kind: 'anonymous' } }, { log: (level, component, message) => logLines.push(`${level} ${component} ${message}`) });
}

async function pushBlobsAndManifest(client: RegistryClient, content: Pushable, options: { reference?: string; maintainReferrersTag?: boolean } = {}): Promise<string> {
  for (const blob of [content.config, ...content.layers]) await client.uploadBlob(REPO, blob.bytes);
  return (await client.putManifest(REPO, content.manifest.bytes, options)).digest;
}

/** An image manifest with a subject but no artifactType: its referrer entry takes the config's media type. */
function buildSignature(subject: BlobData): Pushable {
  const config = blobOf(SIGNATURE_CONFIG_TYPE, '{"signer":"test"}');
  const layer = blobOf('application/vnd.example.signature.v1', 'signature-bytes');
  const manifest = blobOf(
    MT.ociManifest,
    jsonBytes({
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      config: descriptorOf(config),
      layers: [descriptorOf(layer)],
      subject: descriptorOf(subject),
      annotations: { 'org.example.signed-by': 'test' },
    }),
  );
  return { manifest, config, layers: [layer] };
}

/** What a referrers index must list for an OCI image manifest: its artifact type and its annotations. */
function referrerEntry(manifest: BlobData, artifactType: string, annotations: Record<string, string>): Descriptor {
  return { mediaType: MT.ociManifest, digest: manifest.digest, size: manifest.size, artifactType, annotations };
}

async function fallbackIndexViaSkopeo(registry: RunningRegistry, subject: BlobData): Promise<ImageIndex> {
  const raw = await skopeoInspectRaw(dockerTransport(registry.host, `${REPO}:sha256-${subject.digest.slice(7)}`), await skopeoAccessFor(registry));
  return JSON.parse(raw.toString('utf8')) as ImageIndex;
}

test('docker-registry 2.8.2: pushing and deleting referrers keeps the sha256-<hex> index current', async () => {
  const registry = await startRegistry();
  const logLines: string[] = [];
  try {
    const client = clientFor(registry.host, logLines);
    const image = buildImage({ label: 'referrers-subject' });
    await pushBlobsAndManifest(client, image, { reference: 'v1' });
    assert.deepEqual(await client.listReferrers(REPO, image.manifest.digest), []);

    const sbom = buildArtifact({ artifactType: SBOM_TYPE, layerMediaType: 'application/vnd.example.sbom.layer.v1+json', content: '{"sbom":1}', subject: image.manifest });
    await pushBlobsAndManifest(client, sbom);
    const sbomEntry = referrerEntry(sbom.manifest, SBOM_TYPE, { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' });
    assert.deepEqual(await client.listReferrers(REPO, image.manifest.digest), [sbomEntry]);
    const afterFirst = await fallbackIndexViaSkopeo(registry, image.manifest);
    assert.equal(afterFirst.mediaType, MT.ociIndex);
    assert.deepEqual(afterFirst.manifests, [sbomEntry]);
    assert.ok(logLines.some((l) => l.startsWith('info referrers') && l.includes(`added ${sbom.manifest.digest}`)), logLines.join('\n'));

    const signature = buildSignature(image.manifest);
    await pushBlobsAndManifest(client, signature, { reference: 'signature' });
    const signatureEntry = referrerEntry(signature.manifest, SIGNATURE_CONFIG_TYPE, { 'org.example.signed-by': 'test' });
    assert.deepEqual(await client.listReferrers(REPO, image.manifest.digest), [sbomEntry, signatureEntry]);
    assert.deepEqual((await client.listReferrers(REPO, image.manifest.digest, { artifactType: SIGNATURE_CONFIG_TYPE })).map((d) => d.digest), [signature.manifest.digest]);

    // Pushing the same manifest again adds no duplicate; with the option off the tag is not touched.
    await client.putManifest(REPO, sbom.manifest.bytes);
    assert.equal((await fallbackIndexViaSkopeo(registry, image.manifest)).manifests.length, 2);
    const unlisted = buildArtifact({ artifactType: 'application/vnd.example.unlisted', layerMediaType: 'application/vnd.example.x', content: 'x', subject: image.manifest });
    await pushBlobsAndManifest(client, unlisted, { maintainReferrersTag: false });
    assert.equal((await client.listReferrers(REPO, image.manifest.digest)).length, 2);

    await client.deleteManifest(REPO, sbom.manifest.digest);
    assert.deepEqual(await client.listReferrers(REPO, image.manifest.digest), [signatureEntry]);
    assert.deepEqual((await fallbackIndexViaSkopeo(registry, image.manifest)).manifests, [signatureEntry]);
    assert.ok(logLines.some((l) => l.startsWith('info referrers') && l.includes(`removed ${sbom.manifest.digest}`)), logLines.join('\n'));

    // Deleting by tag goes through the same path; an empty index is left behind (2.8.2 cannot delete a tag alone).
    await client.deleteTag(REPO, 'signature', { deleteManifestIfNeeded: true });
    assert.deepEqual(await client.listReferrers(REPO, image.manifest.digest), []);
    assert.deepEqual((await fallbackIndexViaSkopeo(registry, image.manifest)).manifests, []);
    // The subject itself was never changed.
    assert.ok((await client.getManifest(REPO, 'v1')).bytes.equals(image.manifest.bytes));
  } finally {
    await registry.close();
  }
});

/** Serves manifest PUTs like a registry with the referrers API; records everything else as a 404. The OCI-Subject answer already says the API is there, so the delete asks nothing more. */
function referrersApiServer(manifests: Map<string, Buffer>): Promise<RunningFaultServer> {
  return startFaultServer((request, response) => {
    const put = /^\/v2\/r\/img\/manifests\/(sha256:[0-9a-f]{64})$/.exec(request.url);
    if (request.method === 'PUT' && put) {
      manifests.set(put[1], request.body);
      const subject = (JSON.parse(request.body.toString('utf8')) as { subject?: Descriptor }).subject;
      response.writeHead(201, { 'docker-content-digest': put[1], location: request.url, ...(subject ? { 'oci-subject': subject.digest } : {}) });
      response.end();
      return;
    }
    const get = /^\/v2\/r\/img\/manifests\/(sha256:[0-9a-f]{64})$/.exec(request.url);
    if (request.method === 'GET' && get && manifests.has(get[1])) {
      response.writeHead(200, { 'content-type': MT.ociManifest, 'docker-content-digest': get[1] });
      response.end(manifests.get(get[1]));
      return;
    }
    if (request.method === 'DELETE' && get && manifests.delete(get[1])) {
      response.writeHead(202);
      response.end();
      return;
    }
    if (request.method === 'GET' && request.url.startsWith('/v2/r/img/referrers/')) {
      sendJson(response, 200, { schemaVersion: 2, mediaType: MT.ociIndex, manifests: [] }, { 'content-type': MT.ociIndex });
      return;
    }
    sendJson(response, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] });
  });
}

test('a registry that answers OCI-Subject gets no referrers tag, on push or delete', async () => {
  const manifests = new Map<string, Buffer>();
  const server = await referrersApiServer(manifests);
  const logLines: string[] = [];
  try {
    const client = clientFor(server.host, logLines);
    const subject = buildImage({ label: 'api-subject' }).manifest;
    const artifact = buildArtifact({ artifactType: SBOM_TYPE, layerMediaType: 'application/vnd.example.x', content: 'y', subject });
    const pushed = await client.putManifest('r/img', artifact.manifest.bytes);
    assert.equal(pushed.digest, artifact.manifest.digest);
    await client.deleteManifest('r/img', artifact.manifest.digest);
    const tagRequests = server.requests.filter((r) => r.url.includes('/manifests/sha256-'));
    assert.deepEqual(tagRequests, [], 'no request may touch the referrers tag');
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url.replace(/sha256:[0-9a-f]{64}/g, '<d>')}`), [
      'PUT /v2/r/img/manifests/<d>',
      'GET /v2/r/img/manifests/<d>',
      'DELETE /v2/r/img/manifests/<d>',
    ]);
    assert.ok(logLines.some((l) => l.includes('(OCI-Subject)')), logLines.join('\n'));
  } finally {
    await server.close();
  }
});

test('a referrers tag holding something other than an OCI index is reported and left unchanged', async () => {
  const subject = buildImage({ label: 'odd-tag-subject' }).manifest;
  const squatter = buildImage({ label: 'squatter' }).manifest;
  const server = await startFaultServer((request, response) => {
    if (request.method === 'PUT' && request.url.includes('/manifests/sha256:')) {
      response.writeHead(201, { location: request.url });
      response.end();
      return;
    }
    if (request.method === 'GET' && request.url === `/v2/r/img/manifests/sha256-${subject.digest.slice(7)}`) {
      response.writeHead(200, { 'content-type': MT.ociManifest });
      response.end(squatter.bytes);
      return;
    }
    sendJson(response, 404, { errors: [{ code: 'NOT_FOUND', message: 'nothing here' }] });
  });
  try {
    const client = clientFor(server.host, []);
    const artifact = buildArtifact({ artifactType: SBOM_TYPE, layerMediaType: 'application/vnd.example.x', content: 'z', subject });
    await assert.rejects(client.putManifest('r/img', artifact.manifest.bytes), (error: Error & { code?: string }) => {
      assert.equal(error.code, REFERRERS_TAG_NOT_UPDATED);
      assert.match(error.message, new RegExp(`pushed ${artifact.manifest.digest} to r/img, but the referrers tag sha256-[0-9a-f]{64} could not be updated`));
      assert.match(error.message, /not an OCI image index/);
      return true;
    });
    assert.equal(server.requests.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/sha256-')).length, 0);
  } finally {
    await server.close();
  }
});
