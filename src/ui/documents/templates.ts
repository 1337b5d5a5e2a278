/** Starting points for "New manifest"; each names the schema (via file suffix) that checks it. */
export interface ManifestTemplate {
  id: string;
  label: string;
  detail: string;
  mediaType: string;
  suffix: string;
  body: object;
}

const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 };
const PLACEHOLDER = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

export const TEMPLATES: ManifestTemplate[] = [
  {
    id: 'oci-index', label: 'OCI image index', detail: 'Multi-platform image: one manifest per platform',
    mediaType: 'application/vnd.oci.image.index.v1+json', suffix: 'oci-index',
    body: {
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: PLACEHOLDER, size: 0, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: PLACEHOLDER, size: 0, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      ],
    },
  },
  {
    id: 'docker-manifest-list', label: 'Docker manifest list', detail: 'Multi-platform Docker image (schema 2 list)',
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', suffix: 'docker-manifest-list',
    body: {
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: PLACEHOLDER, size: 0, platform: { architecture: 'amd64', os: 'linux' } }],
    },
  },
  {
    id: 'oci-manifest', label: 'OCI image manifest', detail: 'One image: a config and its layers',
    mediaType: 'application/vnd.oci.image.manifest.v1+json', suffix: 'oci-manifest',
    body: {
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: PLACEHOLDER, size: 0 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: PLACEHOLDER, size: 0 }],
    },
  },
  {
    id: 'docker-manifest', label: 'Docker v2 manifest', detail: 'One Docker image (schema 2)',
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json', suffix: 'docker-manifest',
    body: {
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: PLACEHOLDER, size: 0 },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: PLACEHOLDER, size: 0 }],
    },
  },
  {
    id: 'oci-artifact', label: 'Artifact manifest', detail: 'OCI 1.1 artifact: artifactType, blobs, optional subject',
    mediaType: 'application/vnd.oci.image.manifest.v1+json', suffix: 'oci-artifact',
    body: {
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.example.sbom.v1+json',
      config: EMPTY,
      layers: [{ mediaType: 'application/vnd.example.sbom.v1+json', digest: PLACEHOLDER, size: 0 }],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: PLACEHOLDER, size: 0 },
      annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
    },
  },
];

/** File suffix (and so JSON schema) for an existing manifest of this media type. */
export function suffixForMediaType(mediaType: string, artifactType?: string): string {
  switch (mediaType) {
    case 'application/vnd.oci.image.index.v1+json': return 'oci-index';
    case 'application/vnd.docker.distribution.manifest.list.v2+json': return 'docker-manifest-list';
    case 'application/vnd.docker.distribution.manifest.v2+json': return 'docker-manifest';
    default: return artifactType ? 'oci-artifact' : 'oci-manifest';
  }
}
