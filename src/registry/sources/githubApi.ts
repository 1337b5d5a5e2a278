// GitHub's REST API as the GHCR source needs it: JSON pages (Link-header paging) and DELETE, with the
// signed-in user's token sent only to the configured API host, through the project's transport
// (time limits, proxy, TLS trust, bounded reads, logs without the token).
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import type { LogSink, RegistryEndpoint } from '../types';
import { ForbiddenError, NotFoundError, RegistryError, UnauthorizedError } from '../errors';
import { nextLinkUrl } from '../link';
import { parseJsonBytes } from '../json';
import { discardBody, readBodyBytes } from '../transport/body';
import { RegistryTransport } from '../transport/transport';
import type { TimeoutOptions } from '../transport/timeouts';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** The REST API version this source was written against (GitHub's `X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';
const MAX_PAGE_BYTES = 8 * 1024 * 1024;
const MAX_PRINTED = 200;

/** The GitHub sign-in was refused or lacks a scope; signing in again (granting the scope) is the way out. */
export class GitHubSignInError extends UnauthorizedError {
  override name = 'GitHubSignInError';
  /** Scopes GitHub asked for (from `X-Accepted-OAuth-Scopes`) when the token lacked them. */
  readonly missingScopes?: string[];
  constructor(message: string, info: { status?: number; code?: string; missingScopes?: string[] } = {}) {
    super(message, { status: info.status, code: info.code ?? 'GITHUB_SIGN_IN' });
    this.missingScopes = info.missingScopes;
  }
}

export interface GitHubApiOptions {
  /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  /** Network settings of the registry entry (proxy, CAs, strict TLS, plain-HTTP consent). */
  network: Omit<RegistryEndpoint, 'host' | 'auth' | 'scheme' | 'trustedRealmHosts'>;
  log?: LogSink;
  userAgent?: string;
  timeouts?: TimeoutOptions;
}

export interface JsonPage {
  body: unknown;
  next?: string;
}

/** `https://HOST[/path]` without a trailing slash, query or credentials; throws a readable error otherwise. */
export function normalizeApiUrl(text: string | undefined): string {
  const value = (text ?? '').trim() || DEFAULT_GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RegistryError(`the GitHub API URL "${value.slice(0, MAX_PRINTED)}" is not a URL`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new RegistryError('the GitHub API URL must be an https:// URL without credentials or query');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class GitHubApi {
  readonly baseUrl: string;
  private readonly transport: RegistryTransport;

  constructor(options: GitHubApiOptions) {
    this.baseUrl = normalizeApiUrl(options.apiUrl);
    const url = new URL(this.baseUrl);
    const token = options.token;
    // Only requests to the API's own origin go through this policy (the transport's rule), redirects elsewhere carry nothing.
    const bearer: PipelinePolicy = {
      name: 'githubToken',
      sendRequest(request, next) {
        request.headers.set('authorization', `Bearer ${token}`);
        return next(request);
      },
    };
    this.transport = new RegistryTransport(
      { ...options.network, host: url.host, scheme: url.protocol === 'http:' ? 'http' : 'https', auth: { kind: 'anonymous' } },
      { log: options.log, userAgent: options.userAgent, timeouts: options.timeouts, authPolicy: bearer },
    );
  }

  /** An absolute URL under the API base; `path` starts with `/`. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** One JSON page; `next` is the Link header's next page on the same origin. */
  async getPage(url: string, what: string, signal?: AbortSignal): Promise<JsonPage> {
    this.checkOwnUrl(url);
    const response = await this.send('GET', url, signal);
    await this.expectOk(response, [200], what);
    const body = parseJsonBytes(await readBodyBytes(response, MAX_PAGE_BYTES, what), what);
    return { body, next: nextLinkUrl(response.headers.get('link'), response.request.url) };
  }

  async delete(url: string, what: string, signal?: AbortSignal): Promise<void> {
    this.checkOwnUrl(url);
    const response = await this.send('DELETE', url, signal);
    await this.expectOk(response, [204, 200], what);
    discardBody(response);
  }

  private send(method: 'GET' | 'DELETE', url: string, signal?: AbortSignal): Promise<PipelineResponse> {
    return this.transport.send({
      method, url, signal, streamStatuses: [200],
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION },
    });
  }

  /** Page cursors come back from callers: they must stay under this API. */
  checkOwnUrl(url: string): void {
    if (!url.startsWith(`${this.baseUrl}/`)) throw new RegistryError('refusing a GitHub API URL outside the configured API');
  }

  private async expectOk(response: PipelineResponse, statuses: number[], what: string): Promise<void> {
    if (statuses.includes(response.status)) return;
    const text = response.readableStreamBody ? (await readBodyBytes(response, 64 * 1024, what)).toString('utf8') : response.bodyAsText ?? '';
    throw githubError(response, githubMessage(text), what, this.baseUrl);
  }
}

/** GitHub's `{"message": …}`, clipped and without control characters. */
function githubMessage(text: string): string {
  let message: unknown;
  try {
    message = (JSON.parse(text) as { message?: unknown }).message;
  } catch {
    message = undefined;
  }
  // eslint-disable-next-line no-control-regex
  return typeof message === 'string' ? message.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, MAX_PRINTED) : '';
}

function scopeList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function githubError(response: PipelineResponse, message: string, what: string, apiUrl: string): RegistryError {
  const status = response.status;
  const host = new URL(apiUrl).host;
  const said = message ? ` (GitHub says: ${message})` : '';
  const info = { status, method: response.request.method, url: response.request.url };
  if (status === 401) return new GitHubSignInError(`GitHub (${host}) did not accept the sign-in while reading ${what}${said}: sign in again`, { status });
  if (status === 403 || status === 404) {
    const accepted = scopeList(response.headers.get('x-accepted-oauth-scopes'));
    const granted = new Set(scopeList(response.headers.get('x-oauth-scopes')));
    // GitHub names every scope that would do (write and delete include read): one granted scope is enough.
    if (accepted.length > 0 && !accepted.some((s) => granted.has(s))) {
      return new GitHubSignInError(
        `the GitHub sign-in lacks the ${accepted.join(' or ')} scope needed for ${what}: sign in again and grant it`,
        { status, code: 'GITHUB_SCOPES', missingScopes: accepted },
      );
    }
  }
  if (status === 403) return new ForbiddenError(`GitHub (${host}) refused ${what}${said}`, info);
  if (status === 404) return new NotFoundError(`GitHub (${host}) has no ${what}${said}`, info);
  return new RegistryError(`GitHub (${host}) answered HTTP ${status} to ${what}${said}`, info);
}
