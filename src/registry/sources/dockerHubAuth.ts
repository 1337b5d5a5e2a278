// Sign-in to the Docker Hub API (Docker Hub API reference, "Create access token"): POST
// /v2/auth/token with `{identifier, secret}` (a username and a personal access token) answers
// `{access_token}`, a JWT that lasts 10 minutes, used as `Authorization: Bearer`. The token is asked
// for once, shared by concurrent requests, renewed before it runs out, and once more when the Hub
// answers 401 to a token it gave earlier. Without credentials, requests go anonymously.
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { RegistryError, UnauthorizedError } from '../errors';
import { jwtExpiryMs } from '../auth/jwt';
import { parseJsonBytes } from '../json';
import { discardBody, failureOf, readBodyBytes } from '../transport/body';
import type { RegistryTransport } from '../transport/transport';

export interface HubCredentials {
  username: string;
  /** A personal access token (or password); never logged, never in a message. */
  secret: string;
}

/** The Hub states 10 minutes; a token is renewed this long before it runs out. */
const TOKEN_LIFETIME_MS = 10 * 60_000;
const RENEW_BEFORE_MS = 60_000;
const MAX_LOGIN_RESPONSE_BYTES = 1024 * 1024;

interface HubToken { value: string; expiresAt: number }

export class HubSignIn {
  private token?: HubToken;
  private pending?: Promise<HubToken>;

  constructor(private readonly credentials: HubCredentials | undefined, private readonly transport: () => RegistryTransport) {}

  get signedIn(): boolean {
    return this.credentials !== undefined;
  }

  /** A valid token (`reused` when it was had before), asking the Hub for one when there is none or it is about to run out. */
  async bearer(signal?: AbortSignal): Promise<{ value: string; reused: boolean } | undefined> {
    if (!this.credentials) return undefined;
    if (this.token && this.token.expiresAt - RENEW_BEFORE_MS > Date.now()) return { value: this.token.value, reused: true };
    this.pending ??= this.login(this.credentials, signal).finally(() => { this.pending = undefined; });
    this.token = await this.pending;
    return { value: this.token.value, reused: false };
  }

  forget(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async login(credentials: HubCredentials, signal?: AbortSignal): Promise<HubToken> {
    const transport = this.transport();
    const response = await transport.send({
      method: 'POST',
      url: '/v2/auth/token',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(JSON.stringify({ identifier: credentials.username, secret: credentials.secret }), 'utf8'),
      signal,
      streamStatuses: [200],
      withoutCredentials: true,
    });
    const host = new URL(transport.baseUrl).host;
    if (response.status === 401 || response.status === 403) {
      discardBody(response);
      throw new UnauthorizedError(`Docker Hub (${host}) refused the sign-in of ${credentials.username}: check the username and the personal access token (HTTP ${response.status})`, {
        status: 401, method: 'POST', url: response.request.url,
      });
    }
    if (response.status !== 200) throw await failureOf(response);
    const body = parseJsonBytes(await readBodyBytes(response, MAX_LOGIN_RESPONSE_BYTES, `the sign-in answer of ${host}`), `the sign-in answer of ${host}`);
    const value = (body as { access_token?: unknown } | null)?.access_token;
    if (typeof value !== 'string' || !/^[!-~]+$/.test(value)) {
      throw new RegistryError(`the sign-in answer of ${host} holds no access_token`);
    }
    return { value, expiresAt: Math.min(jwtExpiryMs(value) ?? Infinity, Date.now() + TOKEN_LIFETIME_MS) };
  }
}

/** Adds the Hub's bearer token to every request to the Hub API; a 401 to an earlier token gets one more try with a new one. */
export function createHubAuthPolicy(signIn: HubSignIn): PipelinePolicy {
  return {
    name: 'dockerHubAuthPolicy',
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      const signal = request.abortSignal as AbortSignal | undefined;
      const token = await signIn.bearer(signal);
      if (!token) return next(request);
      request.headers.set('authorization', `Bearer ${token.value}`);
      const response = await next(request);
      if (response.status !== 401 || !token.reused) return response;
      discardBody(response);
      signIn.forget(token.value);
      const renewed = await signIn.bearer(signal);
      request.headers.set('authorization', `Bearer ${renewed?.value ?? ''}`);
      return next(request);
    },
  };
}
