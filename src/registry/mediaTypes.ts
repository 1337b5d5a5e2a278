// Media types from the OCI image spec (media-types.md) and Docker's image manifest v2 schema 2.

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
/** The empty JSON descriptor `{}` (digest below) used as a placeholder config for artifacts. */
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const OCI_EMPTY_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
export const OCI_EMPTY_SIZE = 2;
/** Short-lived OCI 1.1 draft type; some registries still serve it, so it is accepted on read. */
export const OCI_ARTIFACT_MANIFEST = 'application/vnd.oci.artifact.manifest.v1+json';
export const OCI_LAYOUT_FILE_VERSION = '1.0.0';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
export const DOCKER_FOREIGN_LAYER_GZIP = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';

/** The four manifest types every client must send in Accept (a registry may 404 or rewrite otherwise). */
export const MANIFEST_MEDIA_TYPES: readonly string[] = Object.freeze([OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST]);

export const DEFAULT_MANIFEST_ACCEPT: readonly string[] = Object.freeze([...MANIFEST_MEDIA_TYPES, OCI_ARTIFACT_MANIFEST]);

/**
 * A media type as RFC 6838 §4.2 names them (type/subtype, restricted-name characters, no parameters).
 * Descriptors, `mediaType` and `artifactType` must match it; the JSON schemas in schemas/ use exactly this string.
 */
export const MEDIA_TYPE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$';
const MEDIA_TYPE = new RegExp(MEDIA_TYPE_PATTERN);

export function isValidMediaType(value: unknown): boolean {
  return typeof value === 'string' && MEDIA_TYPE.test(value);
}

/** Strips parameters (`; charset=…`) and case so header values compare equal. */
export function normalizeMediaType(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const base = value.split(';', 1)[0].trim().toLowerCase();
  return base === '' ? undefined : base;
}

export function isIndexMediaType(mediaType: string | undefined): boolean {
  const type = normalizeMediaType(mediaType);
  return type === OCI_INDEX || type === DOCKER_MANIFEST_LIST;
}

export function isImageManifestMediaType(mediaType: string | undefined): boolean {
  const type = normalizeMediaType(mediaType);
  return type === OCI_MANIFEST || type === DOCKER_MANIFEST;
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  const type = normalizeMediaType(mediaType);
  return type !== undefined && (DEFAULT_MANIFEST_ACCEPT as string[]).includes(type);
}

/** Layer types whose content is a gzip-compressed tar. */
export function isGzipLayerMediaType(mediaType: string | undefined): boolean {
  const type = normalizeMediaType(mediaType);
  return type === OCI_LAYER_GZIP || type === DOCKER_LAYER_GZIP || type === DOCKER_FOREIGN_LAYER_GZIP;
}
