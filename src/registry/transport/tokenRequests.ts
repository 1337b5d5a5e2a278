// Requests to a token service go through the transport like any other request (logged, proxied,
// retried on 429 and 5xx with Retry-After, redirects checked) but never through the auth policy:
// a token request must not carry the registry's own credentials, and a 401 from it is final.
import type { TokenHttpRequest, TokenHttpResponse } from '../auth/tokenClient';
import { readBodyBytes } from './body';
import type { RegistryTransport } from './transport';

/** Token responses are small JSON documents; anything larger is refused while it streams. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
/** Every status is streamed, so that every body is read through the size limit. */
const ANY_STATUS = [Number.POSITIVE_INFINITY];

export async function sendTokenRequest(transport: RegistryTransport, request: TokenHttpRequest): Promise<TokenHttpResponse> {
  const headers = { ...request.headers };
  if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await transport.send({
    method: request.method,
    url: request.url,
    headers,
    body: request.form ? Buffer.from(request.form.toString(), 'utf8') : undefined,
    signal: request.signal,
    streamStatuses: ANY_STATUS,
    withoutCredentials: true,
  });
  const body = await readBodyBytes(response, MAX_TOKEN_RESPONSE_BYTES, `the token response from ${new URL(request.url).host}`);
  return { status: response.status, bodyText: body.toString('utf8') };
}
