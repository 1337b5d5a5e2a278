// GitHub Container Registry as a RegistryService: the registry API (`ghcr.io/v2`) for manifests and
// blobs, signed in with a GitHub token (Basic with the login and the token at the registry's token
// service, as ghcr.io expects), and GitHub's REST packages API where the registry API says nothing:
// which packages the user and their organisations have, their versions and tags, and deleting a
// version (ghcr.io refuses DELETE on /v2). Write and delete scopes are asked for only when needed.
import type { Readable } from 'node:stream';
import type {
  BlobInfo, CallOptions, DeleteManifestOptions, Descriptor, FetchedManifest, ManifestInfo, Page, PageCursor, PushResult, PutManifestOptions,
  RegistryEndpoint, RegistryService, RepositoryInfo, TagInfo, TransferOptions,
} from '../types';
import { RegistryClient, type RegistryClientOptions } from '../client';
import { NotFoundError, RegistryError, UnsupportedError } from '../errors';
import type { DeleteTagOptions } from '../operations/manifests';
import type { DownloadOptions } from '../transfers/download';
import type { BlobCopyOutcome, StreamUploadOptions } from '../transfers/blobStream';
import type { UploadOptions } from '../transfers/upload';
import { DEFAULT_GITHUB_API_URL, GitHubApi } from './githubApi';
import { GitHubPackages } from './githubPackages';

/** Listing packages needs `read:packages`; the organisations' list needs `read:org`. */
export const GITHUB_READ_SCOPES: readonly string[] = ['read:packages', 'read:org'];
export const GITHUB_WRITE_SCOPES: readonly string[] = ['write:packages'];
export const GITHUB_DELETE_SCOPES: readonly string[] = ['delete:packages'];

export interface GitHubSession {
  /** Never logged. */
  accessToken: string;
  /** The GitHub login: the username at the registry's token service. */
  account: string;
}

export interface GitHubSessions {
  /**
   * A session granting at least `scopes`. `interactive` may ask the user (sign-in, consent, more
   * scopes); without it, no session means a GitHubSignInError at once.
   */
  get(scopes: readonly string[], interactive: boolean): Promise<GitHubSession>;
}

export interface GitHubRegistryOptions {
  /** The registry (`ghcr.io`) with its network settings; its credentials come from the sessions. */
  endpoint: Omit<RegistryEndpoint, 'auth'>;
  /** Default `https://api.github.com`; GitHub Enterprise Server: `https://HOST/api/v3`. */
  apiUrl?: string;
  sessions: GitHubSessions;
  client?: RegistryClientOptions;
}

interface Connection {
  registry: RegistryClient;
  packages: GitHubPackages;
}

type ListOptions = CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string };

export class GitHubRegistry implements RegistryService {
  readonly host: string;
  private scopes: string[] = [...GITHUB_READ_SCOPES];
  private connection?: Promise<Connection>;

  constructor(private readonly options: GitHubRegistryOptions) {
    this.host = options.endpoint.host;
  }

  /** The package's page on GitHub, once a listing has named it. */
  async webUrlOf(repository: string): Promise<string | undefined> {
    return (await this.connect([], false)).packages.webUrlOf(repository);
  }

  /**
   * A connection whose token grants the read scopes plus `extra`. A wider need asks for a new
   * session (and builds new clients: cached registry tokens were issued for the narrower one).
   */
  private connect(extra: readonly string[], interactive: boolean): Promise<Connection> {
    const wanted = [...new Set([...this.scopes, ...extra])];
    if (this.connection && wanted.length === this.scopes.length) return this.connection;
    const previous = { scopes: this.scopes, connection: this.connection };
    this.scopes = wanted;
    const pending = this.options.sessions.get(wanted, interactive).then((session) => this.build(session));
    this.connection = pending;
    pending.catch(() => {
      if (this.connection !== pending) return;
      // A declined escalation keeps the session that worked; a failed first sign-in is tried again next time.
      this.scopes = previous.scopes;
      this.connection = previous.connection;
    });
    return pending;
  }

  private build(session: GitHubSession): Connection {
    const { endpoint, client = {} } = this.options;
    const registry = new RegistryClient({ ...endpoint, auth: { kind: 'basic', username: session.account, password: session.accessToken } }, client);
    const api = new GitHubApi({
      apiUrl: this.options.apiUrl ?? DEFAULT_GITHUB_API_URL,
      token: session.accessToken,
      network: { insecure: endpoint.insecure, proxy: endpoint.proxy, rejectUnauthorized: endpoint.rejectUnauthorized, caCertificates: endpoint.caCertificates },
      log: client.log, userAgent: client.userAgent, timeouts: client.timeouts,
    });
    return { registry, packages: new GitHubPackages(api, (message) => client.log?.('info', 'github', message)) };
  }

  private read(): Promise<Connection> {
    return this.connect([], false);
  }

  private write(): Promise<RegistryClient> {
    return this.connect(GITHUB_WRITE_SCOPES, true).then((c) => c.registry);
  }

  async ping(options?: CallOptions): Promise<void> {
    return (await this.read()).registry.ping(options);
  }

  async listRepositories(options?: ListOptions): Promise<Page<RepositoryInfo>> {
    return (await this.read()).packages.listRepositories(options);
  }

  async listTags(repository: string, options?: ListOptions): Promise<Page<TagInfo>> {
    return (await this.read()).packages.listTags(repository, options);
  }

  async listManifests(repository: string, options?: CallOptions & { pageSize?: number; cursor?: PageCursor }): Promise<Page<ManifestInfo>> {
    return (await this.read()).registry.listManifests(repository, options);
  }

  async getManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<FetchedManifest> {
    return (await this.read()).registry.getManifest(repository, tagOrDigest, options);
  }

  async headManifest(repository: string, tagOrDigest: string, options?: CallOptions & { accept?: string[] }): Promise<Descriptor | undefined> {
    return (await this.read()).registry.headManifest(repository, tagOrDigest, options);
  }

  async putManifest(repository: string, bytes: Uint8Array, options?: PutManifestOptions): Promise<PushResult> {
    return (await this.write()).putManifest(repository, bytes, options);
  }

  /** Through the registry API where it deletes; else (ghcr.io: 405 UNSUPPORTED) the package version with that digest. */
  async deleteManifest(repository: string, digest: string, options: DeleteManifestOptions = {}): Promise<void> {
    const connection = await this.connect(GITHUB_DELETE_SCOPES, true);
    try {
      await connection.registry.deleteManifest(repository, digest, options);
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      await connection.packages.deleteVersion(repository, digest, options.signal);
    }
  }

  /**
   * A tag goes with its version: neither API deletes a tag alone. Only with `deleteManifestIfNeeded`
   * (the caller told the user every tag on that manifest goes too) is the version deleted.
   */
  async deleteTag(repository: string, tag: string, options: DeleteTagOptions = {}): Promise<void> {
    const connection = await this.connect(GITHUB_DELETE_SCOPES, true);
    try {
      await connection.registry.deleteTag(repository, tag, options);
    } catch (error) {
      if (!(error instanceof UnsupportedError) || !options.deleteManifestIfNeeded) throw error;
      const descriptor = await connection.registry.headManifest(repository, tag, { signal: options.signal });
      if (!descriptor) throw new NotFoundError(`tag ${repository}:${tag} does not exist any more; nothing was deleted`);
      if (options.expectedDigest !== undefined && descriptor.digest !== options.expectedDigest) {
        throw new RegistryError(`tag ${repository}:${tag} now points to ${descriptor.digest}, not to ${options.expectedDigest}; nothing was deleted`, { code: 'TAG_MOVED' });
      }
      await connection.packages.deleteVersion(repository, descriptor.digest, options.signal);
    }
  }

  async blobExists(repository: string, digest: string, options?: CallOptions): Promise<BlobInfo | undefined> {
    return (await this.read()).registry.blobExists(repository, digest, options);
  }

  async mountBlob(repository: string, digest: string, fromRepository: string, options?: CallOptions): Promise<boolean> {
    return (await this.write()).mountBlob(repository, digest, fromRepository, options);
  }

  async downloadBlob(repository: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }, filePath: string, options?: DownloadOptions & TransferOptions): Promise<void> {
    return (await this.read()).registry.downloadBlob(repository, descriptor, filePath, options);
  }

  async fetchBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: CallOptions & { maxBytes?: number }): Promise<Buffer> {
    return (await this.read()).registry.fetchBlob(repository, descriptor, options);
  }

  async uploadBlob(repository: string, source: Uint8Array | { filePath: string }, options?: UploadOptions): Promise<Descriptor> {
    return (await this.write()).uploadBlob(repository, source, options);
  }

  async openBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options?: TransferOptions): Promise<Readable> {
    return (await this.read()).registry.openBlob(repository, descriptor, options);
  }

  async uploadBlobStream(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, open: () => Promise<NodeJS.ReadableStream>, options?: StreamUploadOptions): Promise<BlobCopyOutcome> {
    return (await this.write()).uploadBlobStream(repository, descriptor, open, options);
  }

  async listReferrers(repository: string, digest: string, options?: CallOptions & { artifactType?: string }): Promise<Descriptor[]> {
    return (await this.read()).registry.listReferrers(repository, digest, options);
  }
}
