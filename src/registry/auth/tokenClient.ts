// Talks to token services: Docker's token endpoint (GET with Basic credentials, or POST OAuth2 form
// with grant_type=password / refresh_token) and ACR's /oauth2/exchange (Entra token → refresh token).
// Nothing from the server is echoed into errors except short error codes, so a hostile server
// cannot make us print a secret it was sent.
import { RegistryError, UnauthorizedError, redactUrl } from '../errors';

export interface TokenHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  signal?: AbortSignal;
}

export interface TokenHttpResponse {
  status: number;
  /** Read through a size limit (transport/tokenRequests.ts). */
  bodyText: string;
}

/** How token requests reach the network: through the transport without the auth policy (transport/tokenRequests.ts). */
export type TokenHttp = (request: TokenHttpRequest) => Promise<TokenHttpResponse>;

export interface TokenGrant {
  accessToken: string;
  expiresIn?: number;
  refreshToken?: string;
}

export const CLIENT_ID = 'container-registry-explorer';

function errorCodeOf(bodyText: string): string {
  try {
    const parsed = JSON.parse(bodyText.slice(0, 64 * 1024)) as Record<string, unknown>;
    const code = parsed.error ?? (Array.isArray(parsed.errors) ? (parsed.errors[0] as Record<string, unknown>)?.code : undefined);
    if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return ` (${code})`;
  } catch {
    // not JSON: say nothing about it
  }
  return '';
}

function failure(response: TokenHttpResponse, method: string, url: string, who: string): RegistryError {
  const where = redactUrl(url);
  const code = errorCodeOf(response.bodyText);
  const info = { status: response.status, method, url };
  if (response.status === 401 || response.status === 403) {
    return new UnauthorizedError(`the token service ${where} refused ${who}: HTTP ${response.status}${code}`, info);
  }
  return new RegistryError(`token request to ${where} failed with HTTP ${response.status}${code}`, info);
}

function parseGrant(response: TokenHttpResponse, url: string): TokenGrant {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.bodyText) as Record<string, unknown>;
  } catch {
    throw new RegistryError(`token response from ${redactUrl(url)} is not JSON`);
  }
  const accessToken = typeof body.access_token === 'string' && body.access_token ? body.access_token : body.token;
  if (typeof accessToken !== 'string' || accessToken === '') throw new RegistryError(`token response from ${redactUrl(url)} has no token`);
  return {
    accessToken,
    expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
  };
}

/** GET realm?service=…&scope=…&scope=… with optional Basic credentials (distribution token spec). */
export async function requestTokenWithGet(
  http: TokenHttp,
  params: { realm: string; service?: string; scopes: readonly string[]; basic?: { username: string; password: string }; signal?: AbortSignal },
): Promise<TokenGrant> {
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  for (const scope of params.scopes) url.searchParams.append('scope', scope);
  if (params.basic) url.searchParams.set('account', params.basic.username);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (params.basic) headers.authorization = `Basic ${Buffer.from(`${params.basic.username}:${params.basic.password}`).toString('base64')}`;
  const response = await http({ method: 'GET', url: url.toString(), headers, signal: params.signal });
  const who = params.basic ? `user "${params.basic.username}"` : 'anonymous access';
  if (response.status !== 200) throw failure(response, 'GET', url.toString(), who);
  return parseGrant(response, url.toString());
}

/** POST realm (OAuth2 form). `grant` holds grant_type and its fields; service, scope and client_id are added. */
export async function requestTokenWithPost(
  http: TokenHttp,
  params: { realm: string; service?: string; scopes: readonly string[]; grant: Record<string, string>; who: string; signal?: AbortSignal },
): Promise<TokenGrant> {
  const form = new URLSearchParams(params.grant);
  if (params.service) form.set('service', params.service);
  if (params.scopes.length) form.set('scope', params.scopes.join(' '));
  form.set('client_id', CLIENT_ID);
  const response = await http({ method: 'POST', url: params.realm, headers: { accept: 'application/json' }, form, signal: params.signal });
  if (response.status !== 200) throw failure(response, 'POST', params.realm, params.who);
  return parseGrant(response, params.realm);
}

/** ACR: POST /oauth2/exchange grant_type=access_token → an ACR refresh token (a JWT). */
export async function exchangeAadToken(
  http: TokenHttp,
  params: { exchangeUrl: string; service: string; aadAccessToken: string; tenantId?: string; signal?: AbortSignal },
): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'access_token', service: params.service, access_token: params.aadAccessToken });
  if (params.tenantId) form.set('tenant', params.tenantId);
  const response = await http({ method: 'POST', url: params.exchangeUrl, headers: { accept: 'application/json' }, form, signal: params.signal });
  if (response.status !== 200) throw failure(response, 'POST', params.exchangeUrl, 'the Entra ID token');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.bodyText) as Record<string, unknown>;
  } catch {
    throw new RegistryError(`ACR token exchange at ${redactUrl(params.exchangeUrl)} did not answer JSON`);
  }
  if (typeof body.refresh_token !== 'string' || body.refresh_token === '') {
    throw new RegistryError(`ACR token exchange at ${redactUrl(params.exchangeUrl)} returned no refresh_token`);
  }
  return body.refresh_token;
}
