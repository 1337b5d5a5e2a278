import * as l10n from '@vscode/l10n';
import { DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_CONFIG, OCI_EMPTY, OCI_EMPTY_DIGEST, OCI_EMPTY_SIZE, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST } from '../../registry/mediaTypes';

/**
 * Starting points for "New manifest"; each names the schema (via file suffix) that checks it. Label
 * and detail are read when the picker is shown, so they come out in the display language.
 */
export interface ManifestTemplate {
  id: string;
  label: string;
  detail: string;
  mediaType: string;
  suffix: string;
  body: object;
}

const EMPTY = { mediaType: OCI_EMPTY, digest: OCI_EMPTY_DIGEST, size: OCI_EMPTY_SIZE };
const PLACEHOLDER = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

export const TEMPLATES: ManifestTemplate[] = [
  {
    id: 'oci-index', get label() { return l10n.t('OCI image index'); }, get detail() { return l10n.t('Multi-platform image: one manifest per platform'); },
    mediaType: OCI_INDEX, suffix: 'oci-index',
    body: {
      schemaVersion: 2, mediaType: OCI_INDEX,
      manifests: [
        { mediaType: OCI_MANIFEST, digest: PLACEHOLDER, size: 0, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: OCI_MANIFEST, digest: PLACEHOLDER, size: 0, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      ],
    },
  },
  {
    id: 'docker-manifest-list', get label() { return l10n.t('Docker manifest list'); }, get detail() { return l10n.t('Multi-platform Docker image (schema 2 list)'); },
    mediaType: DOCKER_MANIFEST_LIST, suffix: 'docker-manifest-list',
    body: {
      schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST,
      manifests: [{ mediaType: DOCKER_MANIFEST, digest: PLACEHOLDER, size: 0, platform: { architecture: 'amd64', os: 'linux' } }],
    },
  },
  {
    id: 'oci-manifest', get label() { return l10n.t('OCI image manifest'); }, get detail() { return l10n.t('One image: a config and its layers'); },
    mediaType: OCI_MANIFEST, suffix: 'oci-manifest',
    body: {
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: PLACEHOLDER, size: 0 },
      layers: [{ mediaType: OCI_LAYER_GZIP, digest: PLACEHOLDER, size: 0 }],
    },
  },
  {
    id: 'docker-manifest', get label() { return l10n.t('Docker v2 manifest'); }, get detail() { return l10n.t('One Docker image (schema 2)'); },
    mediaType: DOCKER_MANIFEST, suffix: 'docker-manifest',
    body: {
      schemaVersion: 2, mediaType: DOCKER_MANIFEST,
      config: { mediaType: DOCKER_CONFIG, digest: PLACEHOLDER, size: 0 },
      layers: [{ mediaType: DOCKER_LAYER_GZIP, digest: PLACEHOLDER, size: 0 }],
    },
  },
  {
    id: 'oci-artifact', get label() { return l10n.t('Artifact manifest'); }, get detail() { return l10n.t('OCI 1.1 artifact: artifactType, blobs, optional subject'); },
    mediaType: OCI_MANIFEST, suffix: 'oci-artifact',
    body: {
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      artifactType: 'application/vnd.example.sbom.v1+json',
      config: EMPTY,
      layers: [{ mediaType: 'application/vnd.example.sbom.v1+json', digest: PLACEHOLDER, size: 0 }],
      subject: { mediaType: OCI_MANIFEST, digest: PLACEHOLDER, size: 0 },
      annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
    },
  },
];

/** File suffix (and so JSON schema) for an existing manifest of this media type. */
export function suffixForMediaType(mediaType: string, artifactType?: string): string {
  switch (mediaType) {
    case OCI_INDEX: return 'oci-index';
    case DOCKER_MANIFEST_LIST: return 'docker-manifest-list';
    case DOCKER_MANIFEST: return 'docker-manifest';
    default: return artifactType ? 'oci-artifact' : 'oci-manifest';
  }
}
