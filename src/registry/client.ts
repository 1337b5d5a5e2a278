// RegistryClient: the RegistryService for one registry endpoint. Each operation lives in its own
// module under operations/ and transfers/; this class wires them to one transport.
import type { Readable } from 'node:stream';
import type {
  AttributeTarget, BlobInfo, CallOptions, ChangeableAttributes, DeletedRepository, DeleteManifestOptions, Descriptor, FetchedManifest, LogSink, ManifestInfo, Page, PageCursor, PushResult, PutManifestOptions,
  RegistryEndpoint, RegistryService, RepositoryInfo, TagInfo, TransferOptions,
} from './types';
import { createAuthPolicy } from './auth/authPolicy';
import { isAcrHost } from './acr';
import type { ConfirmUntrustedRealm } from './auth/realmGate';
import { expectStatus } from './transport/body';
import { RegistryTransport, type TransportOptions } from './transport/transport';
import { sendTokenRequest } from './transport/tokenRequests';
import type { RetryOptions } from './transport/retryPolicy';
import type { TimeoutOptions } from './transport/timeouts';
import type { OperationContext } from './operations/context';
import { KeyedQueue } from './operations/keyedQueue';
import { listAcrManifests, probeAcr } from './operations/acr';
import { acrRefreshToken } from './azure/acrRefreshToken';
import { deleteRepository, getAttributes, getRepositoryInfo, updateAttributes } from './operations/acrMetadata';
import { listRepositories, listTags } from './operations/listing';
import { deleteManifest, deleteTag, getManifest, headManifest, putManifest, type DeleteTagOptions } from './operations/manifests';
import { listReferrers } from './operations/referrers';
import { downloadBlob, type DownloadOptions } from './transfers/download';
import { fetchBlob } from './transfers/fetchBlob';
import { openBlob, uploadBlobStream, type BlobCopyOutcome, type StreamUploadOptions } from './transfers/blobStream';
import { blobExists, mountBlob, uploadBlob, type UploadOptions } from './transfers/upload';

export interface RegistryClientOptions {
  log?: LogSink;
  userAgent?: string;
  retry?: RetryOptions;
  /** Replaces the auth policy built from `endpoint.auth` (tests, or a policy shared between clients). */
  authPolicy?: TransportOptions['authPolicy'];
  /** Time to response headers and longest pause in a body, for every request (defaults 30 s / 60 s). */
  timeouts?: TimeoutOptions;
  /** Asks the user about a token realm on another host (see auth/realmTrust.ts); without it such a realm is refused. */
  confirmUntrustedRealm?: ConfirmUntrustedRealm;
}

type ListOptions = CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string; orderBy?: 'timedesc' };

export class RegistryClient implements RegistryService {
  readonly host: string;
  readonly transport: RegistryTransport;
  private readonly context: OperationContext;
  private acr?: Promise<boolean>;

  constructor(readonly endpoint: RegistryEndpoint, options: RegistryClientOptions = {}) {
    this.host = endpoint.host;
    this.transport = new RegistryTransport(endpoint, {
      log: options.log,
      userAgent: options.userAgent,
      retry: options.retry,
      timeouts: options.timeouts,
      // Token requests go out through this transport without the auth policy (logged, proxied, retried).
      authPolicy: options.authPolicy ?? createAuthPolicy(endpoint, {
        log: options.log,
        confirmUntrustedRealm: options.confirmUntrustedRealm,
        fetchToken: (request) => sendTokenRequest(this.transport, request),
      }),
    });
    this.context = {
      transport: this.transport,
      log: options.log,
      isAcr: (signal) => {
        // Decided once; a cancelled probe is not remembered.
        this.acr ??= probeAcr(this.context, signal).catch((error: unknown) => {
          this.acr = undefined;
          throw error;
        });
        return this.acr;
      },
      knownAcr: async () => (this.acr ? this.acr.catch(() => false) : isAcrHost(endpoint.host) || endpoint.auth.kind === 'azure'),
      referrersApi: new Map(),
      referrersTagUpdates: new KeyedQueue(),
    };
  }

  async ping(options: CallOptions = {}): Promise<void> {
    const response = await this.transport.send({ method: 'GET', url: '/v2/', signal: options.signal });
    await expectStatus(response, [200]);
  }

  listRepositories(options?: ListOptions): Promise<Page<RepositoryInfo>> {
    return listRepositories(this.context, options);
  }

  listTags(repository: string, options?: ListOptions): Promise<Page<TagInfo>> {
    return listTags(this.context, repository, options);
  }

  listManifests(repository: string, options?: CallOptions & { pageSize?: number; cursor?: PageCursor }): Promise<Page<ManifestInfo>> {
    return listAcrManifests(this.context, repository, options ?? {});
  }

  getManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<FetchedManifest> {
    return getManifest(this.context, repository, tagOrDigest, options);
  }

  headManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<Descriptor | undefined> {
    return headManifest(this.context, repository, tagOrDigest, options);
  }

  /** A manifest with a `subject` is also added to its referrers tag where the registry lacks the referrers API. */
  putManifest(repository: string, bytes: Uint8Array, options?: PutManifestOptions): Promise<PushResult> {
    return putManifest(this.context, repository, bytes, options);
  }

  /** A manifest with a `subject` is also removed from its referrers tag where the registry lacks the referrers API. */
  deleteManifest(repository: string, digest: string, options?: DeleteManifestOptions): Promise<void> {
    return deleteManifest(this.context, repository, digest, options);
  }

  /** With `deleteManifestIfNeeded`, registries without tag deletion get the manifest (and its other tags) deleted. */
  deleteTag(repository: string, tag: string, options?: DeleteTagOptions): Promise<void> {
    return deleteTag(this.context, repository, tag, options);
  }

  blobExists(repository: string, digest: string, options?: CallOptions): Promise<BlobInfo | undefined> {
    return blobExists(this.context, repository, digest, options);
  }

  mountBlob(repository: string, digest: string, fromRepository: string, options?: CallOptions): Promise<boolean> {
    return mountBlob(this.context, repository, digest, fromRepository, options);
  }

  downloadBlob(repository: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }, filePath: string, options?: DownloadOptions & TransferOptions): Promise<void> {
    return downloadBlob(this.context, repository, descriptor, filePath, options);
  }

  fetchBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: CallOptions & { maxBytes?: number }): Promise<Buffer> {
    return fetchBlob(this.context, repository, descriptor, options);
  }

  uploadBlob(repository: string, source: Uint8Array | { filePath: string }, options?: UploadOptions): Promise<Descriptor> {
    return uploadBlob(this.context, repository, source, options);
  }

  openBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: TransferOptions): Promise<Readable> {
    return openBlob(this.context, repository, descriptor, options);
  }

  uploadBlobStream(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, open: () => Promise<NodeJS.ReadableStream>, options?: StreamUploadOptions): Promise<BlobCopyOutcome> {
    return uploadBlobStream(this.context, repository, descriptor, open as () => Promise<Readable>, options);
  }

  listReferrers(repository: string, digest: string, options?: CallOptions & { artifactType?: string }): Promise<Descriptor[]> {
    return listReferrers(this.context, repository, digest, options);
  }

  acrRefreshToken(options?: CallOptions): Promise<string> {
    return acrRefreshToken(this.transport, options);
  }

  getRepositoryInfo(repository: string, options?: CallOptions): Promise<RepositoryInfo> {
    return getRepositoryInfo(this.context, repository, options);
  }

  getAttributes(target: AttributeTarget, options?: CallOptions): Promise<ChangeableAttributes> {
    return getAttributes(this.context, target, options);
  }

  updateAttributes(target: AttributeTarget, attributes: ChangeableAttributes, options?: CallOptions): Promise<ChangeableAttributes> {
    return updateAttributes(this.context, target, attributes, options);
  }

  deleteRepository(repository: string, options?: CallOptions): Promise<DeletedRepository> {
    return deleteRepository(this.context, repository, options);
  }
}
