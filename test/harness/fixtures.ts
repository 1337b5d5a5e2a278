// Builds container images in memory without docker (hand-made tar+gzip layers, config JSON,
// manifests) and writes them as OCI image layouts or skopeo `dir:` folders. Digests are computed
// here with node:crypto directly, so fixtures stay an independent check of the client's own code.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Descriptor, Platform } from '../../src/registry/types';
import { createTar, gzip, type TarEntry } from './fixturesTar';

export const MT = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export type Flavor = 'oci' | 'docker';

/** A blob together with its descriptor fields. */
export interface BlobData {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

export interface BuiltImage {
  manifest: BlobData;
  config: BlobData;
  layers: BlobData[];
  platform: Platform;
}

export interface BuiltIndex {
  index: BlobData;
  images: BuiltImage[];
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function blobOf(mediaType: string, bytes: Buffer | string): BlobData {
  const buffer = Buffer.from(bytes);
  return { mediaType, digest: sha256Digest(buffer), size: buffer.length, bytes: buffer };
}

export function descriptorOf(blob: BlobData, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size, ...extra };
}

export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2));
}

export const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
export const ARM64_V8: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

export interface ImageOptions {
  flavor?: Flavor;
  platform?: Platform;
  /** Files of the single layer; a default greeting file names the platform. */
  files?: Record<string, string>;
  /** Extra bytes of random-looking but deterministic content, to make bigger layers. */
  paddingBytes?: number;
  label?: string;
  /** The config's `created` (default 2024-01-01T00:00:00Z). */
  created?: string;
}

export function buildImage(options: ImageOptions = {}): BuiltImage {
  const flavor = options.flavor ?? 'oci';
  const platform = options.platform ?? AMD64;
  const label = options.label ?? 'hello';
  const files = options.files ?? { 'hello.txt': `hello from ${label} on ${platformText(platform)}\n` };
  const entries: TarEntry[] = [{ name: 'app' }, ...Object.entries(files).map(([name, content]) => ({ name: `app/${name}`, content }))];
  if (options.paddingBytes) entries.push({ name: 'app/padding.bin', content: deterministicBytes(options.paddingBytes, label) });
  const tar = createTar(entries);
  const layer = blobOf(flavor === 'oci' ? MT.ociLayerGzip : MT.dockerLayerGzip, gzip(tar));
  const created = options.created ?? '2024-01-01T00:00:00Z';
  const configJson = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Cmd: ['/bin/sh', '-c', `cat /app/hello.txt`], Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Labels: { 'org.example.label': label } },
    rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] },
    history: [{ created, created_by: `crx fixtures: ${label}` }],
  };
  const config = blobOf(flavor === 'oci' ? MT.ociConfig : MT.dockerConfig, jsonBytes(configJson));
  const manifestJson = {
    schemaVersion: 2,
    mediaType: flavor === 'oci' ? MT.ociManifest : MT.dockerManifest,
    config: descriptorOf(config),
    layers: [descriptorOf(layer)],
  };
  const manifest = blobOf(manifestJson.mediaType, jsonBytes(manifestJson));
  return { manifest, config, layers: [layer], platform };
}

export function buildIndex(options: { flavor?: Flavor; platforms?: Platform[]; label?: string } = {}): BuiltIndex {
  const flavor = options.flavor ?? 'oci';
  const platforms = options.platforms ?? [AMD64, ARM64_V8];
  const images = platforms.map((platform) => buildImage({ flavor, platform, label: options.label }));
  const mediaType = flavor === 'oci' ? MT.ociIndex : MT.dockerList;
  const indexJson = {
    schemaVersion: 2,
    mediaType,
    manifests: images.map((image) => descriptorOf(image.manifest, { platform: image.platform })),
  };
  return { index: blobOf(mediaType, jsonBytes(indexJson)), images };
}

/** An artifact manifest (OCI 1.1 image manifest with artifactType, empty config, optional subject). */
export function buildArtifact(options: { artifactType: string; layerMediaType: string; content: string; subject?: BlobData }): {
  manifest: BlobData;
  config: BlobData;
  layers: BlobData[];
} {
  const config = blobOf(MT.ociEmpty, '{}');
  const layer = blobOf(options.layerMediaType, options.content);
  const manifestJson = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType: options.artifactType,
    config: descriptorOf(config),
    layers: [descriptorOf(layer, { annotations: { 'org.opencontainers.image.title': 'sbom.json' } })],
    ...(options.subject ? { subject: descriptorOf(options.subject) } : {}),
    annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
  };
  return { manifest: blobOf(MT.ociManifest, jsonBytes(manifestJson)), config, layers: [layer] };
}

export function imageBlobs(image: BuiltImage): BlobData[] {
  return [image.config, ...image.layers, image.manifest];
}

export function indexBlobs(built: BuiltIndex): BlobData[] {
  return [...built.images.flatMap(imageBlobs), built.index];
}

/** Writes an OCI image layout: `oci-layout`, `index.json` naming each root by tag, `blobs/<alg>/<hex>`. */
export async function writeOciLayout(dir: string, roots: { tag: string; root: BlobData }[], blobs: BlobData[]): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const blob of [...blobs, ...roots.map((r) => r.root)]) {
    await writeFile(join(dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length)), blob.bytes);
  }
  const index = {
    schemaVersion: 2,
    mediaType: MT.ociIndex,
    manifests: roots.map(({ tag, root }) => descriptorOf(root, { annotations: { 'org.opencontainers.image.ref.name': tag } })),
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
}

/**
 * Writes a skopeo `dir:` folder (manifest.json, instance manifests as `<hex>.manifest.json`, blobs by
 * hex). skopeo keeps Docker media types from here unchanged, which an OCI layout does not promise.
 */
export async function writeSkopeoDir(dir: string, root: BlobData, children: BlobData[], blobs: BlobData[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'version'), 'Directory Transport Version: 1.1\n');
  await writeFile(join(dir, 'manifest.json'), root.bytes);
  for (const child of children) await writeFile(join(dir, `${child.digest.slice('sha256:'.length)}.manifest.json`), child.bytes);
  for (const blob of blobs) await writeFile(join(dir, blob.digest.slice('sha256:'.length)), blob.bytes);
}

export function platformText(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Incompressible-looking bytes derived from a seed (sha256 counter mode), the same on every run. */
export function deterministicBytes(length: number, seed = 'crx'): Buffer {
  const out = Buffer.alloc(length);
  let offset = 0;
  for (let counter = 0; offset < length; counter++) {
    const block = createHash('sha256').update(`${seed}:${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}
