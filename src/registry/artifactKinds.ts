// What a manifest holds, in words a person knows: an image, an index, or an artifact such as a
// signature, an SBOM or a Helm chart. Decided from media types the manifest itself names (its
// artifactType, its config's media type, its layers' media types), never from tags or file names.
import { isImageIndex } from './manifest';
import { DOCKER_CONFIG, OCI_CONFIG, OCI_EMPTY } from './mediaTypes';
import type { Descriptor, ImageManifest, Manifest } from './types';

export type ArtifactCategory = 'signature' | 'sbom' | 'attestation' | 'vulnerability report' | 'Helm chart' | 'WASM module';

export type ManifestKindInfo =
  | { kind: 'image' }
  | { kind: 'index'; platforms: number }
  /** `label` is the friendly name ("signature (cosign)"), or the raw artifact type when none is known. */
  | { kind: 'artifact'; category?: ArtifactCategory; label: string; artifactType?: string };

interface KnownType { category: ArtifactCategory; tool?: string }

/** Exact media types, whether they come as an artifactType, a config type or a layer type. */
const EXACT: Readonly<Record<string, KnownType>> = {
  'application/vnd.dev.cosign.artifact.sig.v1+json': { category: 'signature', tool: 'cosign' },
  'application/vnd.dev.cosign.simplesigning.v1+json': { category: 'signature', tool: 'cosign' },
  'application/vnd.cncf.notary.signature': { category: 'signature', tool: 'Notation' },
  'application/vnd.dev.cosign.artifact.sbom.v1+json': { category: 'sbom', tool: 'cosign' },
  'application/spdx+json': { category: 'sbom', tool: 'SPDX' },
  'text/spdx': { category: 'sbom', tool: 'SPDX' },
  'text/spdx+json': { category: 'sbom', tool: 'SPDX' },
  'text/spdx+xml': { category: 'sbom', tool: 'SPDX' },
  'application/vnd.cyclonedx': { category: 'sbom', tool: 'CycloneDX' },
  'application/vnd.cyclonedx+json': { category: 'sbom', tool: 'CycloneDX' },
  'application/vnd.cyclonedx+xml': { category: 'sbom', tool: 'CycloneDX' },
  'application/vnd.syft+json': { category: 'sbom', tool: 'Syft' },
  'application/vnd.in-toto+json': { category: 'attestation', tool: 'in-toto' },
  'application/vnd.dsse.envelope.v1+json': { category: 'attestation', tool: 'DSSE' },
  'application/sarif+json': { category: 'vulnerability report', tool: 'SARIF' },
  'application/vnd.cncf.helm.config.v1+json': { category: 'Helm chart' },
  'application/vnd.cncf.helm.chart.content.v1.tar+gzip': { category: 'Helm chart' },
  'application/wasm': { category: 'WASM module' },
  'application/vnd.wasm.content.layer.v1+wasm': { category: 'WASM module' },
  'application/vnd.module.wasm.content.layer.v1+wasm': { category: 'WASM module' },
  'application/vnd.module.wasm.config.v1+json': { category: 'WASM module' },
};

/** Families whose version is part of the name (v0, v1, …) or that carry parameters. */
const PREFIXES: ReadonlyArray<[string, KnownType]> = [
  ['application/vnd.dev.sigstore.bundle', { category: 'signature', tool: 'Sigstore bundle' }],
  ['application/vnd.aquasec.trivy.report', { category: 'vulnerability report', tool: 'Trivy' }],
  ['application/vnd.wasm.config.', { category: 'WASM module' }],
];

function known(mediaType: string | undefined): KnownType | undefined {
  if (!mediaType) return undefined;
  const bare = mediaType.split(';')[0].trim().toLowerCase();
  return EXACT[bare] ?? PREFIXES.find(([prefix]) => bare.startsWith(prefix))?.[1];
}

function labelOf(type: KnownType): string {
  return type.tool ? `${type.category} (${type.tool})` : type.category;
}

/** Media types that mean "a runnable container image" when they are the config's. */
function isImageConfig(mediaType: string | undefined): boolean {
  return mediaType === OCI_CONFIG || mediaType === DOCKER_CONFIG;
}

/** Index entries that are platforms to run; buildx attestation manifests and entries without a platform are not. */
export function isRunnablePlatform(entry: Descriptor): boolean {
  if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false;
  const platform = entry.platform;
  return !!platform && typeof platform === 'object' && platform.os !== 'unknown' && platform.architecture !== 'unknown';
}

/**
 * Classifies a descriptor seen in a list (a referrer, an index entry) from its artifactType alone;
 * undefined when it says nothing beyond "some manifest".
 */
export function describeArtifactType(artifactType: string | undefined): string | undefined {
  const type = known(artifactType);
  return type ? labelOf(type) : artifactType;
}

export function classifyManifest(manifest: Manifest): ManifestKindInfo {
  if (isImageIndex(manifest)) {
    const entries = Array.isArray(manifest.manifests) ? manifest.manifests : [];
    if (manifest.artifactType) return artifactOf(manifest.artifactType);
    return { kind: 'index', platforms: entries.filter(isRunnablePlatform).length };
  }
  const image = manifest as Partial<ImageManifest>;
  const configType = typeof image.config?.mediaType === 'string' ? image.config.mediaType : undefined;
  const layerTypes = (Array.isArray(image.layers) ? image.layers : []).map((layer) => layer?.mediaType).filter((t): t is string => typeof t === 'string');
  if (manifest.artifactType) return artifactOf(manifest.artifactType);
  if (configType && !isImageConfig(configType) && configType !== OCI_EMPTY) return artifactOf(configType);
  // Cosign's tag-based signatures and attestations are image manifests whose layers say what they are.
  const byLayer = layerTypes.map(known).find((type) => type !== undefined);
  if (byLayer && (byLayer.category === 'signature' || byLayer.category === 'attestation' || configType === OCI_EMPTY)) {
    return { kind: 'artifact', category: byLayer.category, label: labelOf(byLayer) };
  }
  if (configType === OCI_EMPTY) return { kind: 'artifact', label: layerTypes[0] ?? 'artifact' };
  return { kind: 'image' };
}

/** An artifact named by `primary` (its artifactType, else its config's type): friendly when known, else that type as it is. */
function artifactOf(primary: string): ManifestKindInfo {
  const type = known(primary);
  return type
    ? { kind: 'artifact', category: type.category, label: labelOf(type), artifactType: primary }
    : { kind: 'artifact', label: primary, artifactType: primary };
}
