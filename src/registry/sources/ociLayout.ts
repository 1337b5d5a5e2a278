// A local OCI image layout folder as a read-only registry: no server, no sign-in, no network. The
// folder shows as one repository (named after the folder) whose tags are the ref names of index.json;
// entries without a ref name are untagged manifests. Every manifest and blob is read from
// blobs/<alg>/<hex> and checked against its digest. Writes are refused: the folder belongs to the
// tool that wrote it (skopeo, buildah, umoci, buildx), which may be writing it at the same time.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  BlobInfo, CallOptions, Descriptor, FetchedManifest, ManifestInfo, Page, RegistryService, RepositoryInfo, TagInfo, TransferOptions,
} from '../types';
import { parseDigest } from '../digest';
import { AbortedError, NotFoundError, UnsupportedError } from '../errors';
import { parseManifest } from '../manifest';
import { isDigest, isValidRepositoryName, isValidTag, validateTag } from '../reference';
import { MAX_MANIFEST_BYTES } from '../operations/manifests';
import { DEFAULT_MAX_BLOB_IN_MEMORY } from '../transfers/fetchBlob';
import { REF_NAME_ANNOTATION } from '../transfers/layout';
import { blobFile, checkLayoutMarker, openVerifiedBlob, readBlobBytes, readIndex } from './layoutFiles';
import { LayoutReferrers } from './layoutReferrers';

/** The repository a layout folder shows as: its name in the OCI grammar, else `layout`. */
export function layoutRepositoryName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').replace(/[._-]{2,}/g, '-');
  return isValidRepositoryName(name) ? name : 'layout';
}

/** How a layout is told apart from a registry host in references and logs: skopeo's transport name. */
export function layoutHost(dir: string): string {
  return `oci:${resolve(dir)}`;
}

export class OciLayoutService implements RegistryService {
  readonly dir: string;
  readonly host: string;
  readonly repository: string;
  private readonly referrers: LayoutReferrers;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.host = layoutHost(this.dir);
    this.repository = layoutRepositoryName(this.dir);
    this.referrers = new LayoutReferrers(this.dir);
  }

  async ping(): Promise<void> {
    await checkLayoutMarker(this.dir);
    await readIndex(this.dir);
  }

  async listRepositories(): Promise<Page<RepositoryInfo>> {
    await checkLayoutMarker(this.dir);
    return { items: [{ name: this.repository }] };
  }

  async listTags(repository: string): Promise<Page<TagInfo>> {
    this.checkRepository(repository);
    const index = await readIndex(this.dir);
    const items = new Map<string, TagInfo>();
    let dropped = 0;
    for (const entry of index.manifests) {
      const name = entry.annotations?.[REF_NAME_ANNOTATION];
      if (name === undefined) continue;
      if (!isValidTag(name)) dropped++;
      // A later entry with the same ref name wins, as when index.json was appended to.
      else items.set(name, { name, digest: entry.digest });
    }
    return { items: [...items.values()], ...(dropped ? { dropped } : {}) };
  }

  /** Every entry of index.json by digest, with its ref names; the untagged ones have none. */
  async listManifests(repository: string): Promise<Page<ManifestInfo>> {
    this.checkRepository(repository);
    const byDigest = new Map<string, ManifestInfo>();
    for (const entry of (await readIndex(this.dir)).manifests) {
      // No size: a listing's size is the image's (as ACR gives it), and index.json knows only the manifest's.
      const info = byDigest.get(entry.digest) ?? { digest: entry.digest, mediaType: entry.mediaType, tags: [], architecture: entry.platform?.architecture, os: entry.platform?.os };
      const name = entry.annotations?.[REF_NAME_ANNOTATION];
      if (name !== undefined && isValidTag(name) && !info.tags?.includes(name)) info.tags?.push(name);
      byDigest.set(entry.digest, info);
    }
    return { items: [...byDigest.values()] };
  }

  async getManifest(repository: string, tagOrDigest: string): Promise<FetchedManifest> {
    const descriptor = await this.resolve(repository, tagOrDigest);
    const bytes = await readBlobBytes(this.dir, descriptor, MAX_MANIFEST_BYTES);
    const { manifest, mediaType } = parseManifest(bytes, descriptor.mediaType);
    return { bytes, mediaType, digest: descriptor.digest, manifest };
  }

  async headManifest(repository: string, tagOrDigest: string): Promise<Descriptor | undefined> {
    try {
      const fetched = await this.getManifest(repository, tagOrDigest);
      return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async blobExists(repository: string, digest: string): Promise<BlobInfo | undefined> {
    this.checkRepository(repository);
    parseDigest(digest);
    const file = await blobFile(this.dir, digest);
    return file && { digest, size: file.size };
  }

  async fetchBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options: CallOptions & { maxBytes?: number } = {}): Promise<Buffer> {
    this.checkRepository(repository);
    return readBlobBytes(this.dir, descriptor, options.maxBytes ?? DEFAULT_MAX_BLOB_IN_MEMORY);
  }

  async openBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options: TransferOptions = {}): Promise<Readable> {
    this.checkRepository(repository);
    const onProgress = options.onProgress;
    return openVerifiedBlob(this.dir, descriptor, {
      signal: options.signal,
      onProgress: onProgress && ((transferred) => onProgress({ transferred, total: descriptor.size })),
    });
  }

  /** Copies the blob to `filePath` through a temp name, verified; nothing is left behind on failure. */
  async downloadBlob(repository: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }, filePath: string, options: TransferOptions = {}): Promise<void> {
    this.checkRepository(repository);
    const temp = join(dirname(filePath), `.${basename(filePath)}.${randomBytes(6).toString('hex')}.partial`);
    const onProgress = options.onProgress;
    try {
      const source = await openVerifiedBlob(this.dir, descriptor, {
        signal: options.signal,
        onProgress: onProgress && ((transferred) => onProgress({ transferred, total: descriptor.size })),
      });
      await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o644 }), { signal: options.signal });
      await rename(temp, filePath);
    } catch (error) {
      await rm(temp, { force: true });
      if (options.signal?.aborted) throw new AbortedError(`download of ${descriptor.digest} cancelled`);
      throw error;
    }
  }

  async listReferrers(repository: string, digest: string, options: CallOptions & { artifactType?: string } = {}): Promise<Descriptor[]> {
    this.checkRepository(repository);
    parseDigest(digest);
    const found = await this.referrers.of(digest);
    return options.artifactType === undefined ? found : found.filter((d) => d.artifactType === options.artifactType);
  }

  putManifest(): Promise<never> {
    return this.readOnly('push a manifest to');
  }

  deleteManifest(): Promise<never> {
    return this.readOnly('delete a manifest from');
  }

  deleteTag(): Promise<never> {
    return this.readOnly('delete a tag from');
  }

  mountBlob(): Promise<never> {
    return this.readOnly('mount a blob into');
  }

  uploadBlob(): Promise<never> {
    return this.readOnly('upload a blob to');
  }

  uploadBlobStream(): Promise<never> {
    return this.readOnly('upload a blob to');
  }

  private readOnly(what: string): Promise<never> {
    return Promise.reject(new UnsupportedError(`cannot ${what} the OCI layout ${this.dir}: local layouts are read-only here (the tool that wrote it owns it); push the image to a registry instead`, { code: 'UNSUPPORTED' }));
  }

  private checkRepository(repository: string): void {
    if (repository !== this.repository) throw new NotFoundError(`the OCI layout ${this.dir} shows as the repository "${this.repository}", not "${repository}"`);
  }

  /** The index.json entry for a tag, or the digest (with the entry's media type when it is a root). */
  private async resolve(repository: string, tagOrDigest: string): Promise<Pick<Descriptor, 'digest'> & Partial<Descriptor>> {
    this.checkRepository(repository);
    const digest = isDigest(tagOrDigest);
    if (digest) parseDigest(tagOrDigest);
    else validateTag(tagOrDigest);
    const entries = (await readIndex(this.dir)).manifests;
    if (digest) return entries.find((d) => d.digest === tagOrDigest) ?? { digest: tagOrDigest };
    const named = entries.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] === tagOrDigest).at(-1);
    if (!named) throw new NotFoundError(`the OCI layout ${this.dir} has no image named "${tagOrDigest}"`);
    return named;
  }
}
