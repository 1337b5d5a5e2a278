// Tests a registry before it is saved: does /v2/ answer as the distribution API, which API version
// does it state, how does it want clients to sign in, and may the catalog be listed. /v2/ is asked
// without credentials (its challenge is what says how to sign in); the catalog with the endpoint's
// own sign-in, so the answer holds for whoever probes.
import type { AuthConfig, CallOptions, RegistryEndpoint } from './types';
import { isAcrHost } from './acr';
import { findChallenge, parseWwwAuthenticate } from './challenge';
import { RegistryClient, type RegistryClientOptions } from './client';
import { AbortedError, ForbiddenError, RegistryError, UnauthorizedError } from './errors';
import { challengesLikeAcr } from './operations/acr';
import { parseRegistryLocation } from './reference';
import { discardBody } from './transport/body';

export type SignInKind =
  | { kind: 'none' }
  | { kind: 'basic'; realm?: string }
  | { kind: 'bearer'; realmHost: string; service?: string }
  /** Azure Container Registry: Microsoft Entra ID, a repository-scoped token or the admin user. */
  | { kind: 'acr' }
  | { kind: 'other'; scheme: string };

export type CatalogAccess = 'listable' | 'signInNeeded' | 'forbidden' | 'notOffered' | 'unknown';

export interface ProbeResult {
  /** `https://host[:port]` as reached. */
  baseUrl: string;
  /** The `Docker-Distribution-API-Version` header of /v2/, e.g. `registry/2.0`. */
  apiVersion?: string;
  signIn: SignInKind;
  catalog: { access: CatalogAccess; status?: number; detail?: string };
}

export interface ProbeOptions extends RegistryClientOptions, CallOptions {
  /** Everything of the endpoint but its host, which comes from the URL (as does the scheme unless given); anonymous by default. */
  endpoint?: Omit<RegistryEndpoint, 'host' | 'auth'> & { auth?: AuthConfig };
}

/** `https://host`, `http://host` or a bare `host[:port]`; throws the transport's error when nothing answers. */
export async function probeRegistry(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const location = parseRegistryLocation(url);
  const explicit = /^\s*(https?):\/\//i.exec(url)?.[1].toLowerCase() as 'http' | 'https' | undefined;
  const endpoint: RegistryEndpoint = {
    ...options.endpoint,
    host: location.host,
    scheme: options.endpoint?.scheme ?? explicit,
    insecure: options.endpoint?.insecure || location.insecure,
    auth: options.endpoint?.auth ?? { kind: 'anonymous' },
  };
  const client = new RegistryClient(endpoint, options);
  const transport = client.transport;
  const response = await transport.send({ method: 'GET', url: '/v2/', signal: options.signal, withoutCredentials: true });
  discardBody(response);
  if (response.status !== 200 && response.status !== 401) {
    throw new RegistryError(`${location.host} answered GET /v2/ with HTTP ${response.status}: no registry API there (check the URL)`, {
      status: response.status, method: 'GET', url: response.request.url,
    });
  }
  const challenge = response.headers.get('www-authenticate');
  const signIn: SignInKind = response.status === 200
    ? { kind: 'none' }
    : isAcrHost(location.host) || challengesLikeAcr(challenge, transport.origin) ? { kind: 'acr' } : signInFrom(challenge);
  return {
    baseUrl: transport.baseUrl,
    apiVersion: response.headers.get('docker-distribution-api-version')?.slice(0, 100),
    signIn,
    catalog: await catalogAccess(client, options.signal),
  };
}

function signInFrom(header: string | null | undefined): SignInKind {
  const challenges = parseWwwAuthenticate(header);
  const bearer = findChallenge(challenges, 'bearer');
  if (bearer?.params.realm) {
    try {
      return { kind: 'bearer', realmHost: new URL(bearer.params.realm).host, service: bearer.params.service };
    } catch {
      return { kind: 'other', scheme: 'bearer (with an invalid realm)' };
    }
  }
  const basic = findChallenge(challenges, 'basic');
  if (basic) return { kind: 'basic', realm: basic.params.realm };
  return { kind: 'other', scheme: challenges[0]?.scheme ?? 'none stated' };
}

async function catalogAccess(client: RegistryClient, signal: AbortSignal | undefined): Promise<ProbeResult['catalog']> {
  try {
    const response = await client.transport.send({ method: 'GET', url: '/v2/_catalog?n=1', signal, headers: { accept: 'application/json' } });
    discardBody(response);
    const access: CatalogAccess = response.status === 200 ? 'listable'
      : response.status === 401 ? 'signInNeeded'
        : response.status === 403 ? 'forbidden'
          : response.status === 404 || response.status === 405 ? 'notOffered' : 'unknown';
    return { access, status: response.status };
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof ForbiddenError) return { access: 'forbidden', status: 403, detail };
    if (error instanceof UnauthorizedError) return { access: 'signInNeeded', status: 401, detail };
    return { access: 'unknown', status: (error as { status?: number }).status, detail };
  }
}

/** The sign-in a probe found, in a few words. */
export function describeSignIn(signIn: SignInKind): string {
  switch (signIn.kind) {
    case 'none': return 'none (anonymous access)';
    case 'basic': return 'username and password (Basic)';
    case 'bearer': return `bearer token from ${signIn.realmHost}${signIn.service ? ` (service ${JSON.stringify(signIn.service)})` : ''}`;
    case 'acr': return 'Azure Container Registry: Microsoft Entra ID, a token or the admin user';
    case 'other': return `unknown scheme ${JSON.stringify(signIn.scheme)}`;
  }
}

/** Whether the catalog may be listed, in a few words. */
export function describeCatalog(catalog: ProbeResult['catalog']): string {
  const status = catalog.status ? ` (HTTP ${catalog.status})` : '';
  switch (catalog.access) {
    case 'listable': return 'may be listed';
    case 'signInNeeded': return `needs sign-in${status}`;
    case 'forbidden': return `not allowed${status}: add repositories by name`;
    case 'notOffered': return `not offered${status}: add repositories by name`;
    case 'unknown': return `could not be checked${status}${catalog.detail ? `: ${catalog.detail}` : ''}`;
  }
}

/** Lines for a terminal or a message: what answered, API version, sign-in, catalog. */
export function describeProbe(result: ProbeResult): string[] {
  return [
    `${result.baseUrl} answers as a registry`,
    `API version: ${result.apiVersion ?? 'not stated'}`,
    `Sign-in: ${describeSignIn(result.signIn)}`,
    `Catalog: ${describeCatalog(result.catalog)}`,
  ];
}
