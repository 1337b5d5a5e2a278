// Shared shapes of the registry service. No `vscode` import anywhere under src/registry.

/** A parsed image reference: `registry/repository[:tag][@digest]`. */
export interface Reference {
  /** Host with optional port as the user wrote it after normalisation, e.g. `registry-1.docker.io`, `localhost:5000`. */
  readonly registry: string;
  /** Repository path, e.g. `library/alpine`. */
  readonly repository: string;
  readonly tag?: string;
  /** `algorithm:hex`; when both tag and digest are given the digest wins for fetching. */
  readonly digest?: string;
}

/** OCI content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  data?: string;
}

/** What a HEAD on a blob says: `size` only when the registry sent a Content-Length. */
export interface BlobInfo {
  digest: string;
  size?: number;
}

export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  features?: string[];
}

/** An image manifest (OCI or Docker v2 schema 2), possibly an artifact (artifactType / subject). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An OCI image index or a Docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

/** A manifest exactly as the registry served it. */
export interface FetchedManifest {
  /** The exact bytes; the digest is computed from these, never taken from a header. */
  bytes: Buffer;
  mediaType: string;
  digest: string;
  /** Parsed JSON of `bytes`. */
  manifest: Manifest;
}

/** One page of a listing; `next` is undefined on the last page. */
export interface Page<T> {
  items: T[];
  next?: PageCursor;
  /** Entries the registry sent that break the OCI name, tag or digest grammar: left out of `items`, counted here. */
  dropped?: number;
}

/** Opaque continuation for the next page. */
export interface PageCursor {
  readonly url: string;
}

export interface ProgressEvent {
  transferred: number;
  total?: number;
}

/** Common per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface TransferOptions extends CallOptions {
  onProgress?: (event: ProgressEvent) => void;
}

/** How to authenticate to one registry. Secrets never appear in logs or error messages. */
export type AuthConfig =
  | { kind: 'anonymous' }
  | { kind: 'basic'; username: string; password: string }
  /** A registry access/refresh token used directly as a bearer or exchanged at the token endpoint. */
  | { kind: 'token'; username?: string; token: string }
  | { kind: 'dockerConfig'; configPath?: string }
  | { kind: 'azure'; credential?: unknown; audience?: string; tenantId?: string };

export interface RegistryEndpoint {
  /** Host[:port] as in a reference. */
  host: string;
  /** Plain HTTP is used only for loopback hosts or when this is true. */
  insecure?: boolean;
  /** Explicit scheme from a URL the user typed (`https://localhost:5443` must stay https). */
  scheme?: 'https' | 'http';
  /** HTTP(S) proxy URL (VS Code's `http.proxy`); credentials in it are never logged. */
  proxy?: string;
  /** false only when the user turned certificate checks off (VS Code's `http.proxyStrictSSL`). */
  rejectUnauthorized?: boolean;
  /** Extra CA certificates (PEM) to trust, e.g. a self-signed registry. */
  caCertificates?: string[];
  /** Token realm hosts on another domain that may receive this registry's credentials (auth/realmTrust.ts). */
  trustedRealmHosts?: string[];
  auth: AuthConfig;
}

/** A line for the caller's log; the service never puts secrets into these. */
export type LogSink = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', component: string, message: string) => void;

/**
 * What ACR lets a user change on a repository, tag or manifest (its `changeableAttributes`).
 * Locked means writeEnabled and deleteEnabled are both false.
 */
export interface ChangeableAttributes {
  deleteEnabled?: boolean;
  writeEnabled?: boolean;
  listEnabled?: boolean;
  readEnabled?: boolean;
}

/** Result of listing tags; registries may add details (ACR's /acr/v1 gives times, digests and attributes). */
export interface TagInfo {
  name: string;
  digest?: string;
  createdOn?: string;
  lastUpdatedOn?: string;
  attributes?: ChangeableAttributes;
  /** Compressed size of the tagged image as the listing states it (Docker Hub's `full_size`, ACR's manifest listing). */
  size?: number;
  /** Last pull the listing knows of (Docker Hub's `tag_last_pulled`). */
  lastPulledOn?: string;
}

/** A repository; the fields after `name` only where the registry's own API lists them (Docker Hub; ACR's /acr/v1/{name} where asked for). */
export interface RepositoryInfo {
  name: string;
  description?: string;
  isPrivate?: boolean;
  pullCount?: number;
  starCount?: number;
  createdOn?: string;
  lastUpdatedOn?: string;
  /** Bytes the repository takes in storage, as the listing states it. */
  size?: number;
  tagCount?: number;
  manifestCount?: number;
  attributes?: ChangeableAttributes;
  /** GitHub's packages API: who owns it, and its page on GitHub. */
  owner?: string;
  webUrl?: string;
}

export interface ManifestInfo {
  digest: string;
  mediaType?: string;
  size?: number;
  tags?: string[];
  createdOn?: string;
  lastUpdatedOn?: string;
  architecture?: string;
  os?: string;
  attributes?: ChangeableAttributes;
}

/** What a repository, tag or manifest attribute change names: a tag or a digest within a repository, or the repository itself. */
export type AttributeTarget =
  | { kind: 'repository'; repository: string }
  | { kind: 'tag'; repository: string; tag: string }
  | { kind: 'manifest'; repository: string; digest: string };

/** What ACR says it removed with a repository. */
export interface DeletedRepository {
  manifestsDeleted: string[];
  tagsDeleted: string[];
}

/**
 * Where the registry lacks the referrers API (no `OCI-Subject` on the push, 404 from the API on a
 * delete), a manifest with a `subject` is added to / removed from the OCI index tagged
 * `<alg>-<hex>` of its subject (OCI distribution 1.1 "Referrers Tag Schema"). On by default.
 */
export interface ReferrersTagOptions {
  maintainReferrersTag?: boolean;
}

export interface PutManifestOptions extends CallOptions, ReferrersTagOptions {
  /** A tag or a digest; omitted to push by digest. */
  reference?: string;
  mediaType?: string;
}

export interface DeleteManifestOptions extends CallOptions, ReferrersTagOptions {}

export interface PushResult {
  digest: string;
  /** Location the registry returned, if any. */
  location?: string;
}

/**
 * Everything the UI and the CLI need from one registry. Implemented by `RegistryClient`
 * (src/registry/client.ts). Every call takes an AbortSignal; failures throw `RegistryError`
 * subclasses from src/registry/errors.ts.
 */
export interface RegistryService {
  readonly host: string;
  /** Checks `/v2/` (and auth); resolves when the registry answers and credentials work. */
  ping(options?: CallOptions): Promise<void>;
  /** One catalog page of names; ACR's counts, times and attributes come per repository from `getRepositoryInfo`. */
  listRepositories(options?: CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string }): Promise<Page<RepositoryInfo>>;
  /** `orderBy: 'timedesc'`: most recently updated tags first across pages where the registry can order them (ACR); ignored elsewhere. */
  listTags(repository: string, options?: CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string; orderBy?: 'timedesc' }): Promise<Page<TagInfo>>;
  /** Only where the registry offers it (ACR's /acr/v1/{repo}/_manifests); otherwise throws UnsupportedError. */
  listManifests(repository: string, options?: CallOptions & { pageSize?: number; cursor?: PageCursor }): Promise<Page<ManifestInfo>>;
  /** By tag or digest. `accept` defaults to all four manifest types plus OCI artifact types. */
  getManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<FetchedManifest>;
  /** HEAD: digest/mediaType/size without the body (digest from header only when fetched by digest). */
  headManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<Descriptor | undefined>;
  /** Uploads the exact bytes; the digest is computed from them. `reference` is a tag, or omitted to push by digest. */
  putManifest(repository: string, bytes: Uint8Array, options?: PutManifestOptions): Promise<PushResult>;
  deleteManifest(repository: string, digest: string, options?: DeleteManifestOptions): Promise<void>;
  /**
   * Deletes a tag; where the registry cannot delete a tag alone, deletes its manifest only when asked (else UnsupportedError).
   * With `expectedDigest`, refuses (code TAG_MOVED) when the tag points to another manifest now.
   */
  deleteTag(repository: string, tag: string, options?: DeleteManifestOptions & { deleteManifestIfNeeded?: boolean; expectedDigest?: string }): Promise<void>;
  blobExists(repository: string, digest: string, options?: CallOptions): Promise<BlobInfo | undefined>;
  /** Cross-repository mount of an existing blob; false when the registry started an upload instead (nothing is left open). */
  mountBlob(repository: string, digest: string, fromRepository: string, options?: CallOptions): Promise<boolean>;
  /**
   * Streams a blob to `filePath`, verifying size and digest; writes to a temp name and renames on success.
   * Without `size`, the response's Content-Length is checked, or the digest alone when it has none.
   */
  downloadBlob(repository: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }, filePath: string, options?: TransferOptions): Promise<void>;
  /** Reads a small blob (e.g. a config) into memory, verified; refuses above `maxBytes` (default 4 MiB). */
  fetchBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: CallOptions & { maxBytes?: number }): Promise<Buffer>;
  /** Uploads from a buffer or a file path; skips when present; mounts from `mountFrom` when given. */
  uploadBlob(repository: string, source: Uint8Array | { filePath: string }, options?: TransferOptions & { mountFrom?: string; expectedDigest?: string }): Promise<Descriptor>;
  /**
   * The blob's bytes as a stream that fails (SizeMismatchError, DigestMismatchError) unless they match
   * `digest` and `size`; `onProgress` counts bytes as they pass.
   */
  openBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: TransferOptions): Promise<NodeJS.ReadableStream>;
  /**
   * Puts a blob that is not there yet: mounted from `mountFrom` (same registry) when possible, else sent
   * in one PUT from the stream `open` returns, which is called only then.
   */
  uploadBlobStream(
    repository: string,
    descriptor: Pick<Descriptor, 'digest' | 'size'>,
    open: () => Promise<NodeJS.ReadableStream>,
    options?: CallOptions & { mountFrom?: string },
  ): Promise<'present' | 'mounted' | 'uploaded'>;
  /** OCI referrers API with the tag-schema fallback. */
  listReferrers(repository: string, digest: string, options?: CallOptions & { artifactType?: string }): Promise<Descriptor[]>;
  /**
   * Where the registry signs in with Microsoft Entra ID: an ACR refresh token from its /oauth2/exchange,
   * for Docker's config. A secret: never log it.
   */
  acrRefreshToken?(options?: CallOptions): Promise<string>;
  /** ACR only (/acr/v1/{name}): counts, times and attributes; elsewhere UnsupportedError. */
  getRepositoryInfo?(repository: string, options?: CallOptions): Promise<RepositoryInfo>;
  /** ACR only: the attributes of a repository, tag or manifest as they are now. */
  getAttributes?(target: AttributeTarget, options?: CallOptions): Promise<ChangeableAttributes>;
  /** ACR only: changes the given attributes (PATCH) and returns them as the registry now has them. */
  updateAttributes?(target: AttributeTarget, attributes: ChangeableAttributes, options?: CallOptions): Promise<ChangeableAttributes>;
  /** ACR only: deletes a repository with every tag and manifest in it. */
  deleteRepository?(repository: string, options?: CallOptions): Promise<DeletedRepository>;
}
