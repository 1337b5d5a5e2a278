// An ACR refresh token for tools outside the explorer (`docker`, `skopeo`): the registry's Entra
// sign-in exchanged at its own /oauth2/exchange, the exchange the auth policy makes for itself.
import { resolveCredential } from '../auth/credentials';
import { exchangeAadToken } from '../auth/tokenClient';
import { UnauthorizedError, UnsupportedError } from '../errors';
import { sendTokenRequest } from '../transport/tokenRequests';
import type { RegistryTransport } from '../transport/transport';
import type { CallOptions } from '../types';

export async function acrRefreshToken(transport: RegistryTransport, options: CallOptions = {}): Promise<string> {
  const endpoint = transport.endpoint;
  const credential = await resolveCredential(endpoint);
  if (credential.kind !== 'azure') {
    throw new UnsupportedError(`${endpoint.host} does not sign in with Microsoft Entra ID, so there is no ACR refresh token to hand out`);
  }
  const entra = await credential.credential.getToken(credential.scope, { tenantId: credential.tenantId, abortSignal: options.signal }).catch((error: unknown) => {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
    throw new UnauthorizedError(`Microsoft Entra ID sign-in for ${endpoint.host} failed: ${reason}`, { cause: error });
  });
  if (!entra?.token) throw new UnauthorizedError(`Azure sign-in returned no token for ${credential.scope}`);
  return exchangeAadToken((request) => sendTokenRequest(transport, request), {
    exchangeUrl: `${transport.baseUrl}/oauth2/exchange`,
    service: endpoint.host,
    aadAccessToken: entra.token,
    tenantId: credential.tenantId,
    signal: options.signal,
  });
}
