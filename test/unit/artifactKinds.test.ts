import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { classifyManifest, describeArtifactType } from '../../src/registry/artifactKinds';
import type { Descriptor, ImageIndex, ImageManifest } from '../../src/registry/types';

const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
const blob = (mediaType: string, n = 1): Descriptor => ({ mediaType, digest: digest(n), size: 10 });
const EMPTY = 'application/vnd.oci.empty.v1+json';
const image = (config: string, layers: string[], artifactType?: string): ImageManifest => ({
  schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: blob(config), layers: layers.map((t, i) => blob(t, i + 2)),
  ...(artifactType ? { artifactType } : {}),
});
const labelOf = (m: ImageManifest | ImageIndex) => {
  const kind = classifyManifest(m);
  return kind.kind === 'artifact' ? kind.label : kind.kind;
};

test('runnable images, Docker and OCI, are images', () => {
  assert.equal(labelOf(image('application/vnd.oci.image.config.v1+json', ['application/vnd.oci.image.layer.v1.tar+gzip'])), 'image');
  assert.equal(labelOf(image('application/vnd.docker.container.image.v1+json', ['application/vnd.docker.image.rootfs.diff.tar.gzip'])), 'image');
});

test('signatures: cosign (OCI 1.1 artifactType and the tag-based simplesigning layer), Notation, Sigstore bundles', () => {
  assert.equal(labelOf(image(EMPTY, ['application/vnd.dev.cosign.simplesigning.v1+json'], 'application/vnd.dev.cosign.artifact.sig.v1+json')), 'signature (cosign)');
  assert.equal(labelOf(image('application/vnd.oci.image.config.v1+json', ['application/vnd.dev.cosign.simplesigning.v1+json'])), 'signature (cosign)');
  assert.equal(labelOf(image(EMPTY, ['application/jose+json'], 'application/vnd.cncf.notary.signature')), 'signature (Notation)');
  assert.equal(labelOf(image(EMPTY, ['application/vnd.dev.sigstore.bundle.v0.3+json'], 'application/vnd.dev.sigstore.bundle.v0.3+json')), 'signature (Sigstore bundle)');
});

test('SBOMs, attestations, vulnerability reports, Helm charts and WASM modules get their names', () => {
  assert.equal(labelOf(image(EMPTY, ['application/spdx+json'], 'application/spdx+json')), 'sbom (SPDX)');
  assert.equal(labelOf(image(EMPTY, ['application/vnd.cyclonedx+json'], 'application/vnd.cyclonedx+json')), 'sbom (CycloneDX)');
  assert.equal(labelOf(image(EMPTY, ['application/vnd.in-toto+json'], 'application/vnd.in-toto+json')), 'attestation (in-toto)');
  assert.equal(labelOf(image('application/vnd.oci.image.config.v1+json', ['application/vnd.dsse.envelope.v1+json'])), 'attestation (DSSE)');
  assert.equal(labelOf(image(EMPTY, ['application/sarif+json'], 'application/sarif+json')), 'vulnerability report (SARIF)');
  assert.equal(labelOf(image(EMPTY, ['application/json'], 'application/vnd.aquasec.trivy.report.sarif.v1+json')), 'vulnerability report (Trivy)');
  assert.equal(labelOf(image('application/vnd.cncf.helm.config.v1+json', ['application/vnd.cncf.helm.chart.content.v1.tar+gzip'])), 'Helm chart');
  assert.equal(labelOf(image('application/vnd.wasm.config.v0+json', ['application/vnd.wasm.content.layer.v1+wasm'])), 'WASM module');
  assert.equal(labelOf(image(EMPTY, ['application/vnd.module.wasm.content.layer.v1+wasm'])), 'WASM module');
});

test('an unknown artifactType is shown as it is, media-type parameters and case do not hide a known one', () => {
  const custom = classifyManifest(image(EMPTY, ['application/vnd.cyclonedx+json'], 'application/vnd.example.thing.v1+json'));
  assert.deepEqual(custom, { kind: 'artifact', label: 'application/vnd.example.thing.v1+json', artifactType: 'application/vnd.example.thing.v1+json' });
  assert.equal(labelOf(image(EMPTY, ['x/y'], 'application/vnd.dev.sigstore.bundle+json;version=0.1')), 'signature (Sigstore bundle)');
  assert.equal(labelOf(image(EMPTY, ['x/y'], 'Application/SPDX+JSON')), 'sbom (SPDX)');
  assert.equal(describeArtifactType('application/vnd.cncf.notary.signature'), 'signature (Notation)');
  assert.equal(describeArtifactType('application/vnd.example.sbom.v1+json'), 'application/vnd.example.sbom.v1+json');
  assert.equal(describeArtifactType(undefined), undefined);
});

test('an index counts runnable platforms only: buildx attestation entries and unknown/unknown are left out', () => {
  const index: ImageIndex = {
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [
      { ...blob('application/vnd.oci.image.manifest.v1+json', 1), platform: { os: 'linux', architecture: 'amd64' } },
      { ...blob('application/vnd.oci.image.manifest.v1+json', 2), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { ...blob('application/vnd.oci.image.manifest.v1+json', 3), platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      blob('application/vnd.oci.image.manifest.v1+json', 4),
    ],
  };
  assert.deepEqual(classifyManifest(index), { kind: 'index', platforms: 2 });
  assert.equal(labelOf({ ...index, artifactType: 'application/vnd.cncf.notary.signature' }), 'signature (Notation)');
});
