// Parsing and checking manifests (OCI image-spec manifest.md / image-index.md, Docker v2 schema 2).
// The registry's bytes are kept by callers; this only decides whether they are a manifest we understand.
import type { Descriptor, ImageIndex, ImageManifest, Manifest, Platform } from './types';
import { isValidDigest } from './digest';
import { ManifestInvalidError } from './errors';
import { parseJsonBytes } from './json';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_ARTIFACT_MANIFEST,
  OCI_INDEX,
  OCI_MANIFEST,
  isImageManifestMediaType,
  isIndexMediaType,
  isValidMediaType,
  normalizeMediaType,
} from './mediaTypes';

export type ManifestKind = 'index' | 'image';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // JSON quoting keeps a registry's line breaks and quotes from reshaping the message.
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** OCI annotations are a map of string to string; anything else is refused, nested values included. */
function validateAnnotations(value: unknown, where: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestInvalidError(`${where} annotations must be an object of strings, got ${describe(value)}`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new ManifestInvalidError(`${where} annotation ${describe(key)} must be a string, got ${describe(entry)}`);
  }
}

/** `field` of `where`, when present, must be an RFC 6838 media type. */
function validateMediaTypeField(value: unknown, field: string, where: string): void {
  if (value !== undefined && !isValidMediaType(value)) {
    throw new ManifestInvalidError(`${where} has an invalid ${field} ${describe(value)} (expected type/subtype as RFC 6838 names them)`);
  }
}

/** Throws ManifestInvalidError unless `d` has a valid digest, a non-negative integer size, a media type and string annotations. */
export function validateDescriptor(d: unknown, where = 'descriptor'): asserts d is Descriptor {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new ManifestInvalidError(`${where} must be an object, got ${describe(d)}`);
  const { mediaType, digest, size, artifactType, annotations } = d as Record<string, unknown>;
  if (typeof mediaType !== 'string' || mediaType === '') throw new ManifestInvalidError(`${where} has no mediaType`);
  validateMediaTypeField(mediaType, 'mediaType', where);
  validateMediaTypeField(artifactType, 'artifactType', where);
  validateAnnotations(annotations, where);
  if (typeof digest !== 'string' || !isValidDigest(digest)) {
    throw new ManifestInvalidError(`${where} has an invalid digest ${describe(digest)} (expected sha256:<64 hex> or sha512:<128 hex>)`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestInvalidError(`${where} has an invalid size ${describe(size)} (expected a non-negative integer)`);
  }
}

/** 'index' for an OCI index / Docker list (has `manifests`), 'image' otherwise. */
export function manifestKind(m: Manifest): ManifestKind {
  return Array.isArray((m as ImageIndex).manifests) ? 'index' : 'image';
}

export function isImageIndex(m: Manifest): m is ImageIndex {
  return manifestKind(m) === 'index';
}

/** `linux/arm64/v8`; `unknown` when no platform is given. */
export function platformLabel(p?: Platform): string {
  if (!p || typeof p !== 'object') return 'unknown';
  const parts = [p.os || 'unknown', p.architecture || 'unknown'];
  if (p.variant) parts.push(p.variant);
  let label = parts.join('/');
  if (p['os.version']) label += ` (${p['os.version']})`;
  return label;
}

/** Every descriptor a manifest points at: config, layers, child manifests, and the subject. */
export function referencedDescriptors(m: Manifest): Descriptor[] {
  const result: Descriptor[] = [];
  if (isImageIndex(m)) {
    result.push(...m.manifests);
  } else {
    const image = m as ImageManifest;
    if (image.config) result.push(image.config);
    if (Array.isArray(image.layers)) result.push(...image.layers);
  }
  if (m.subject) result.push(m.subject);
  return result;
}

/** The media type the manifest's shape implies when it does not name one. */
function inferMediaType(kind: ManifestKind, contentType: string | undefined): string {
  if (contentType) return contentType;
  return kind === 'index' ? OCI_INDEX : OCI_MANIFEST;
}

function checkMediaTypeMatchesShape(mediaType: string, kind: ManifestKind): void {
  if (kind === 'index' && (isImageManifestMediaType(mediaType) || mediaType === OCI_ARTIFACT_MANIFEST)) {
    throw new ManifestInvalidError(`mediaType ${mediaType} is an image manifest but the document has "manifests" (an index)`);
  }
  if (kind === 'image' && isIndexMediaType(mediaType)) {
    throw new ManifestInvalidError(`mediaType ${mediaType} is an index but the document has no "manifests" array`);
  }
}

function checkShape(obj: Record<string, unknown>, kind: ManifestKind, mediaType: string): void {
  if (kind === 'index') {
    (obj.manifests as unknown[]).forEach((d, i) => validateDescriptor(d, `manifests[${i}]`));
    if ('config' in obj || 'layers' in obj) throw new ManifestInvalidError('an index must not have "config" or "layers"');
  } else if (mediaType === OCI_ARTIFACT_MANIFEST) {
    // The OCI 1.1 draft artifact manifest has `blobs` instead of config+layers.
    if (obj.blobs !== undefined) {
      if (!Array.isArray(obj.blobs)) throw new ManifestInvalidError('"blobs" must be an array');
      obj.blobs.forEach((d, i) => validateDescriptor(d, `blobs[${i}]`));
    }
  } else {
    validateDescriptor(obj.config, 'config');
    if (!Array.isArray(obj.layers)) throw new ManifestInvalidError(`an image manifest needs a "layers" array, got ${describe(obj.layers)}`);
    obj.layers.forEach((d, i) => validateDescriptor(d, `layers[${i}]`));
  }
  if (obj.subject !== undefined) validateDescriptor(obj.subject, 'subject');
  if (obj.mediaType === DOCKER_MANIFEST && kind !== 'image') throw new ManifestInvalidError('Docker v2 manifest without config');
  if (obj.mediaType === DOCKER_MANIFEST_LIST && kind !== 'index') throw new ManifestInvalidError('Docker manifest list without manifests');
}

/**
 * Parses manifest bytes and returns the manifest with its effective media type (the `mediaType` field,
 * else the Content-Type, else what the shape implies). Refuses bytes that are not UTF-8, invalid JSON,
 * non-objects, schemaVersion ≠ 2, media types that are not RFC 6838 names, annotations that are not
 * string-to-string maps, and a `mediaType` that disagrees with the shape or with the Content-Type.
 */
export function parseManifest(bytes: Uint8Array, contentType?: string): { manifest: Manifest; mediaType: string } {
  const parsed = parseJsonBytes(bytes, 'manifest');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ManifestInvalidError(`manifest must be a JSON object, got ${describe(parsed)}`);
  }
  const obj = parsed as Record<string, unknown>;
  if (obj.schemaVersion !== 2) {
    throw new ManifestInvalidError(`unsupported manifest schemaVersion ${describe(obj.schemaVersion)} (only 2 is supported)`);
  }
  if (obj.mediaType !== undefined && (typeof obj.mediaType !== 'string' || obj.mediaType === '')) {
    throw new ManifestInvalidError(`manifest mediaType must be a non-empty string, got ${describe(obj.mediaType)}`);
  }
  validateMediaTypeField(obj.mediaType, 'mediaType', 'manifest');
  validateMediaTypeField(obj.artifactType, 'artifactType', 'manifest');
  validateAnnotations(obj.annotations, 'manifest');
  if (obj.manifests !== undefined && !Array.isArray(obj.manifests)) {
    throw new ManifestInvalidError(`"manifests" must be an array, got ${describe(obj.manifests)}`);
  }
  const kind: ManifestKind = Array.isArray(obj.manifests) ? 'index' : 'image';
  const declared = normalizeMediaType(obj.mediaType as string | undefined);
  // A generic or missing Content-Type says nothing about the manifest.
  const header = normalizeMediaType(contentType);
  const headerIsSpecific = header !== undefined && header !== 'application/json' && header !== 'application/octet-stream' && header !== 'text/plain';
  if (declared && headerIsSpecific && declared !== header) {
    throw new ManifestInvalidError(`manifest says mediaType ${declared} but was served as ${header}`);
  }
  const mediaType = declared ?? inferMediaType(kind, headerIsSpecific ? header : undefined);
  validateMediaTypeField(mediaType, 'media type', 'manifest');
  checkMediaTypeMatchesShape(mediaType, kind);
  checkShape(obj, kind, mediaType);
  return { manifest: obj as unknown as Manifest, mediaType };
}
