// core-rest-pipeline policy that answers registry auth challenges (distribution spec "Authentication",
// Docker token spec, ACR's AAD exchange). Flow per request:
//   1. attach basic credentials or a cached bearer token that covers the request, if any;
//   2. on 401, read WWW-Authenticate, get a token for the scopes asked for (plus scopes the caller
//      declared in the AUTH_SCOPES_HEADER header, e.g. the source repository of a cross-repo mount);
//   3. resend once; a second 401 becomes UnauthorizedError, or ForbiddenError for insufficient_scope.
// Replaying a request needs its body again: strings, buffers and body *factories* (() => stream)
// replay; a plain stream does not, so a streamed upload must follow an authenticated request (the
// client does its POST first, which obtains and caches the push token).
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import type { LogSink, RegistryEndpoint } from '../types';
import { RegistryError, UnauthorizedError, redactUrl } from '../errors';
import { Authenticator, type AuthenticatorOptions, type Authorization } from './authenticator';
import { AUTH_SCOPES_HEADER } from './scopes';
import { discardBody } from '../transport/body';
import { isReplayableBody } from '../transport/replay';
import type { TokenHttp } from './tokenClient';

export const AUTH_POLICY_NAME = 'registryAuthPolicy';
export { AUTH_SCOPES_HEADER } from './scopes';

export interface AuthPolicyOptions extends Omit<AuthenticatorOptions, 'log'> {
  log?: LogSink;
  /**
   * How token requests are sent. Not through `next`: the policies before this one (logging, proxy,
   * retry) must apply to them too, so the client sends them through its transport without this policy.
   */
  fetchToken: TokenHttp;
  /** Use this authenticator (e.g. shared between pipelines of one endpoint). */
  authenticator?: Authenticator;
}

function takeDeclaredScopes(request: PipelineRequest): string[] {
  const value = request.headers.get(AUTH_SCOPES_HEADER);
  request.headers.delete(AUTH_SCOPES_HEADER);
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

export function createAuthPolicy(endpoint: RegistryEndpoint, options: AuthPolicyOptions): PipelinePolicy {
  const authenticator = options.authenticator ?? new Authenticator(endpoint, options);
  // Policies before this one (retry, redirects) may send the same request object again: remember what
  // we set on it so that our own header is not mistaken for one the caller chose.
  const ourAuthorization = new WeakMap<PipelineRequest, string>();
  const declaredByRequest = new WeakMap<PipelineRequest, string[]>();
  return {
    name: AUTH_POLICY_NAME,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      const declared = [...(declaredByRequest.get(request) ?? []), ...takeDeclaredScopes(request)];
      declaredByRequest.set(request, declared);
      const existing = request.headers.get('authorization');
      const callerSetAuthorization = existing !== undefined && existing !== ourAuthorization.get(request);
      let proactive: string | undefined;
      if (!callerSetAuthorization) {
        request.headers.delete('authorization');
        proactive = authenticator.proactiveHeader(request.method, request.url, declared);
        if (proactive) {
          request.headers.set('authorization', proactive);
          ourAuthorization.set(request, proactive);
        }
      }
      const first = await next(request);
      if (first.status !== 401 || callerSetAuthorization) return first;
      discardBody(first);

      const challenge = first.headers.get('www-authenticate');
      if (proactive && !/insufficient_scope/i.test(challenge ?? '')) authenticator.forget(proactive);
      if (!challenge) {
        throw new UnauthorizedError(`${endpoint.host} answered 401 without a WWW-Authenticate challenge`, { status: 401, method: request.method, url: request.url });
      }
      if (!isReplayableBody(request.body)) {
        throw new RegistryError(
          `${request.method} ${redactUrl(request.url)} needs authentication but its streamed body cannot be sent twice; authenticate with a request without a streamed body first`,
          { status: 401, method: request.method, url: request.url, code: 'AUTH_REPLAY' },
        );
      }
      const signal = request.abortSignal as AbortSignal | undefined;
      const sendWith = async (authorization: Authorization): Promise<PipelineResponse> => {
        request.headers.set('authorization', authorization.header);
        ourAuthorization.set(request, authorization.header);
        return next(request);
      };
      let authorization = await authenticator.authorize(options.fetchToken, challenge, declared, signal);
      let second = await sendWith(authorization);
      // A cached token the registry no longer takes (revoked, or expired before its stated life) is
      // dropped and replaced by a freshly fetched one, once.
      if (second.status === 401 && authorization.reused && !/insufficient_scope/i.test(second.headers.get('www-authenticate') ?? '')) {
        discardBody(second);
        authenticator.forget(authorization.header);
        authorization = await authenticator.authorize(options.fetchToken, second.headers.get('www-authenticate') ?? challenge, declared, signal);
        second = await sendWith(authorization);
      }
      if (second.status !== 401) return second;
      discardBody(second);
      throw authenticator.rejection(second.headers.get('www-authenticate'), authorization, { method: request.method, url: request.url });
    },
  };
}
