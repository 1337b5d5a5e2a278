// What the auth policy can present to a registry or its token service, resolved from AuthConfig.
import type { AuthConfig, RegistryEndpoint } from '../types';
import { credentialFromDockerConfig } from './dockerConfig';
import { DEFAULT_ACR_SCOPE } from '../acr';
import { loadAzureCredential, type TokenCredentialLike } from './azure';

export type RegistryCredential =
  | { kind: 'anonymous' }
  | { kind: 'basic'; username: string; password: string }
  /**
   * A refresh/identity token: exchanged at the token endpoint with POST grant_type=refresh_token.
   * `usableAsBearer` (tokens the user pasted) lets the policy send it as the bearer itself when the
   * token endpoint does not accept it as a refresh token.
   */
  | { kind: 'refreshToken'; token: string; username?: string; usableAsBearer?: boolean }
  /** Entra ID: exchanged at ACR's /oauth2/exchange for an ACR refresh token. */
  | { kind: 'azure'; credential: TokenCredentialLike; scope: string; tenantId?: string };

export interface ResolveOptions {
  /** Environment for finding the docker config and credential helpers (tests). */
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

/** Turns the endpoint's AuthConfig into a credential; may read ~/.docker/config.json or run a helper. */
export async function resolveCredential(endpoint: RegistryEndpoint, options: ResolveOptions = {}): Promise<RegistryCredential> {
  const auth: AuthConfig = endpoint.auth ?? { kind: 'anonymous' };
  switch (auth.kind) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'basic':
      return { kind: 'basic', username: auth.username, password: auth.password };
    case 'token':
      return { kind: 'refreshToken', token: auth.token, username: auth.username, usableAsBearer: true };
    case 'dockerConfig':
      return credentialFromDockerConfig(endpoint.host, { configPath: auth.configPath, env: options.env, helperTimeoutMs: options.helperTimeoutMs });
    case 'azure': {
      const credential = auth.credential === undefined ? await loadAzureCredential(auth.tenantId) : (auth.credential as TokenCredentialLike);
      if (typeof credential?.getToken !== 'function') throw new TypeError('azure auth: credential must be a TokenCredential (with getToken)');
      return { kind: 'azure', credential, scope: scopeFromAudience(auth.audience), tenantId: auth.tenantId };
    }
    default:
      throw new TypeError(`unknown auth kind ${JSON.stringify((auth as { kind: unknown }).kind)}`);
  }
}

/** Accepts an audience (`https://management.usgovcloudapi.net`) or a full scope (`…/.default`). */
export function scopeFromAudience(audience: string | undefined): string {
  if (!audience) return DEFAULT_ACR_SCOPE;
  const trimmed = audience.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/.default') ? trimmed : `${trimmed}/.default`;
}

/** A description safe for logs: never the secret. */
export function describeCredential(credential: RegistryCredential): string {
  switch (credential.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'basic':
      return `user "${credential.username}"`;
    case 'refreshToken':
      return credential.username ? `token for "${credential.username}"` : 'a token';
    case 'azure':
      return 'Azure (Entra ID)';
  }
}
