// The decisions behind the auth policy: which credential to present for a challenge, fetching and
// caching bearer tokens (Docker token flow, ACR exchange), and which error a final 401 becomes.
import type { LogSink, RegistryEndpoint } from '../types';
import { findChallenge, isInsufficientScope, mergeScopes, parseWwwAuthenticate } from '../challenge';
import { ForbiddenError, RegistryError, UnauthorizedError, redactUrl } from '../errors';
import { registryBaseUrl } from '../reference';
import { describeCredential, resolveCredential, type RegistryCredential, type ResolveOptions } from './credentials';
import { jwtExpiryMs } from './jwt';
import { RealmGate, type ConfirmUntrustedRealm } from './realmGate';
import { guessScopes } from './scopes';
import { TokenCache, expiryFrom, type CachedToken } from './tokenCache';
import { exchangeAadToken, requestTokenWithGet, requestTokenWithPost, type TokenGrant, type TokenHttp } from './tokenClient';

export interface AuthenticatorOptions {
  log?: LogSink;
  /** Clock for token expiry (tests). */
  now?: () => number;
  resolve?: ResolveOptions;
  /** Supplies the credential instead of resolving endpoint.auth (tests, or a caller that already has one). */
  credential?: RegistryCredential;
  /** Asks the user about a token realm on another host; without it such a realm is refused. */
  confirmUntrustedRealm?: ConfirmUntrustedRealm;
}

export interface Authorization {
  /** Value for the Authorization header. Never log it. */
  header: string;
  scheme: 'basic' | 'bearer';
  /** Scopes the bearer token was requested for. */
  scopes: string[];
  /** The bearer token came from the cache rather than a fetch for this request (a registry may have revoked it since). */
  reused?: boolean;
}

/** Life assumed for an ACR refresh token whose JWT carries no `exp`. */
const ACR_REFRESH_FALLBACK_MS = 15 * 60_000;

export class Authenticator {
  readonly cache: TokenCache;
  private readonly realms: RealmGate;
  private credentialPromise?: Promise<RegistryCredential>;
  private credential?: RegistryCredential;
  private bearerRealm?: { realm: string; service?: string };
  private basicHeader?: string;

  constructor(
    private readonly endpoint: RegistryEndpoint,
    private readonly options: AuthenticatorOptions = {},
  ) {
    this.cache = new TokenCache(options.now ?? Date.now);
    this.realms = new RealmGate(endpoint, options.confirmUntrustedRealm);
    if (options.credential) this.credential = options.credential;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private log(level: 'debug' | 'info' | 'warn', message: string): void {
    this.options.log?.(level, 'auth', message);
  }

  async getCredential(): Promise<RegistryCredential> {
    if (this.credential) return this.credential;
    this.credentialPromise ??= resolveCredential(this.endpoint, this.options.resolve).then((c) => (this.credential = c));
    try {
      return await this.credentialPromise;
    } catch (error) {
      this.credentialPromise = undefined; // a missing helper may be installed later
      throw error;
    }
  }

  /** The header to send before any challenge: basic if this registry asked for it, else a cached covering token. */
  proactiveHeader(method: string, url: string, declaredScopes: readonly string[]): string | undefined {
    if (this.basicHeader) return this.basicHeader;
    if (!this.bearerRealm) return undefined;
    const needed = mergeScopes([...guessScopes(method, url), ...declaredScopes]);
    if (needed.length === 0) return undefined;
    const cached = this.cache.findCovering(realmKey(this.bearerRealm), needed);
    return cached ? `Bearer ${cached.token}` : undefined;
  }

  /** A token the registry refused is not attached again. */
  forget(header: string): void {
    if (header.startsWith('Bearer ')) this.cache.invalidateToken(header.slice(7));
  }

  /**
   * Answers a 401: returns the Authorization to retry with, or throws when no credential fits.
   * `signal` is the caller's: a token request shared with other callers outlives it.
   */
  async authorize(http: TokenHttp, challengeHeader: string | null | undefined, declaredScopes: readonly string[], signal?: AbortSignal): Promise<Authorization> {
    const challenges = parseWwwAuthenticate(challengeHeader);
    const bearer = findChallenge(challenges, 'bearer');
    const basic = findChallenge(challenges, 'basic');
    const credential = await this.getCredential();
    if (bearer?.params.realm) {
      const realm = await this.realms.check(bearer.params.realm, credential);
      const service = bearer.params.service;
      const scopes = mergeScopes([bearer.params.scope ?? '', ...declaredScopes]);
      this.bearerRealm = { realm, service };
      const key = realmKey(this.bearerRealm);
      this.log('debug', `${this.endpoint.host} asks for a bearer token; requesting scopes [${scopes.join(' ')}] from ${redactUrl(realm)} as ${describeCredential(credential)}`);
      const cacheKey = TokenCache.key(key, scopes);
      const reused = this.cache.get(cacheKey) !== undefined;
      const token = await this.cache.getOrFetch(cacheKey, key, (shared) => this.fetchToken(http, credential, realm, service, scopes, shared), signal);
      return { header: `Bearer ${token.token}`, scheme: 'bearer', scopes, reused };
    }
    if (basic) {
      const pair = basicPair(credential);
      if (!pair) throw new UnauthorizedError(`${this.endpoint.host} requires a username and password (signed in as ${describeCredential(credential)})`);
      this.basicHeader = `Basic ${Buffer.from(`${pair.username}:${pair.password}`).toString('base64')}`;
      return { header: this.basicHeader, scheme: 'basic', scopes: [] };
    }
    const schemes = challenges.map((c) => c.scheme).join(', ') || 'none';
    throw new UnauthorizedError(`${this.endpoint.host} requires authentication with an unsupported scheme (challenge: ${schemes.slice(0, 100)})`);
  }

  /** The error for a 401 that survived one authenticated retry. */
  rejection(challengeHeader: string | null | undefined, tried: Authorization, info: { method: string; url: string }): RegistryError {
    this.forget(tried.header);
    if (tried.scheme === 'basic') this.basicHeader = undefined;
    const who = this.credential ? describeCredential(this.credential) : 'these credentials';
    const bearer = findChallenge(parseWwwAuthenticate(challengeHeader), 'bearer');
    const details = { status: 401, method: info.method, url: info.url };
    if (isInsufficientScope(bearer)) {
      // Registries list actions in varying order: normalise so messages and `scope` are stable.
      const scope = mergeScopes([bearer?.params.scope || tried.scopes.join(' ')]).join(' ');
      if (this.credential?.kind === 'anonymous') {
        return new UnauthorizedError(`anonymous access to ${scope} on ${this.endpoint.host} is not allowed: sign in to this registry`, details);
      }
      return new ForbiddenError(`insufficient_scope: ${who} may not ${scope} on ${this.endpoint.host}`, { ...details, code: 'DENIED', scope });
    }
    const hint = tried.scheme === 'basic' ? ' (wrong username or password?)' : '';
    return new UnauthorizedError(`${this.endpoint.host} rejected ${who}${hint}`, { ...details, code: 'UNAUTHORIZED' });
  }

  private async fetchToken(http: TokenHttp, credential: RegistryCredential, realm: string, service: string | undefined, scopes: string[], signal: AbortSignal): Promise<CachedToken> {
    let grant: TokenGrant;
    switch (credential.kind) {
      case 'anonymous':
        grant = await requestTokenWithGet(http, { realm, service, scopes, signal });
        break;
      case 'basic':
        try {
          grant = await requestTokenWithGet(http, { realm, service, scopes, basic: credential, signal });
        } catch (error) {
          // Some token services only implement the OAuth2 POST form (distribution "oauth" token spec).
          if (!(error instanceof RegistryError) || (error.status !== 404 && error.status !== 405)) throw error;
          const fields = { grant_type: 'password', username: credential.username, password: credential.password };
          grant = await requestTokenWithPost(http, { realm, service, scopes, grant: fields, who: describeCredential(credential), signal });
        }
        break;
      case 'refreshToken':
        try {
          grant = await requestTokenWithPost(http, { realm, service, scopes, grant: { grant_type: 'refresh_token', refresh_token: credential.token }, who: describeCredential(credential), signal });
        } catch (error) {
          if (!credential.usableAsBearer) throw error;
          // A pasted access token: the token service does not take it as a refresh token, so present it as is.
          this.log('debug', `token service did not accept the token as a refresh token (${(error as Error).message}); using it as the bearer token`);
          grant = { accessToken: credential.token };
        }
        break;
      case 'azure': {
        const refreshToken = await this.acrRefreshToken(http, credential, service, signal);
        try {
          grant = await requestTokenWithPost(http, { realm, service, scopes, grant: { grant_type: 'refresh_token', refresh_token: refreshToken }, who: 'the ACR refresh token', signal });
        } catch (error) {
          this.cache.invalidate(acrRefreshKey(registryBaseUrl(this.endpoint))); // exchange again next time
          throw error;
        }
        break;
      }
    }
    const now = this.now();
    let expiresAt = expiryFrom(now, grant.expiresIn);
    const jwtExpiry = jwtExpiryMs(grant.accessToken);
    if (jwtExpiry !== undefined) expiresAt = Math.min(expiresAt, jwtExpiry - 5_000);
    if (grant.expiresIn === undefined && jwtExpiry !== undefined) expiresAt = Math.max(now, jwtExpiry - 10_000);
    return { token: grant.accessToken, scopes, expiresAt };
  }

  /**
   * ACR: Entra token → POST /oauth2/exchange → refresh token, cached until its JWT `exp`. The
   * exchange goes to the registry's own endpoint, as the Azure SDK does, never to the realm's host.
   */
  private async acrRefreshToken(
    http: TokenHttp, credential: Extract<RegistryCredential, { kind: 'azure' }>, service: string | undefined, signal: AbortSignal,
  ): Promise<string> {
    const registryUrl = registryBaseUrl(this.endpoint);
    const key = acrRefreshKey(registryUrl);
    const entry = await this.cache.getOrFetch(key, key, async (shared) => {
      const aad = await credential.credential.getToken(credential.scope, { tenantId: credential.tenantId, abortSignal: shared }).catch((error: unknown) => {
        // Identity libraries explain themselves at length; the first line says what to do.
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
        throw new UnauthorizedError(`Microsoft Entra ID sign-in for ${this.endpoint.host} failed: ${reason}`, { cause: error });
      });
      if (!aad?.token) throw new UnauthorizedError(`Azure sign-in returned no token for ${credential.scope}`);
      const exchangeUrl = `${registryUrl}/oauth2/exchange`;
      this.log('debug', `exchanging an Entra ID token for an ACR refresh token at ${exchangeUrl}`);
      const refresh = await exchangeAadToken(http, { exchangeUrl, service: service ?? this.endpoint.host, aadAccessToken: aad.token, tenantId: credential.tenantId, signal: shared });
      const exp = jwtExpiryMs(refresh);
      const now = this.now();
      return { token: refresh, scopes: [], expiresAt: exp !== undefined ? Math.max(now, exp - 60_000) : now + ACR_REFRESH_FALLBACK_MS };
    }, signal);
    return entry.token;
  }
}

function realmKey(realm: { realm: string; service?: string }): string {
  return `${realm.realm}\n${realm.service ?? ''}`;
}

function acrRefreshKey(registryUrl: string): string {
  return `acr-refresh\n${registryUrl}`;
}

function basicPair(credential: RegistryCredential): { username: string; password: string } | undefined {
  if (credential.kind === 'basic') return credential;
  if (credential.kind === 'refreshToken' && credential.username) return { username: credential.username, password: credential.token };
  return undefined;
}
