// One HTTP pipeline per registry endpoint: auth, bounded retries, time limits, logging without
// secrets, TLS trust settings, and redirects followed here so that credentials never reach another
// host (blob GETs are commonly redirected to storage with a signed URL). Bodies the caller did not
// ask to stream are read here, bounded, so every response is consumed and none is buffered whole.
import {
  createDefaultHttpClient, createEmptyPipeline, createHttpHeaders, createPipelineRequest, isRestError,
  type HttpClient, type HttpMethods, type Pipeline, type PipelinePolicy, type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { LogSink, RegistryEndpoint } from '../types';
import { AbortedError, MAX_ERROR_BODY_CHARS, RegistryError } from '../errors';
import { isLoopbackHost, registryBaseUrl } from '../reference';
import { AUTH_SCOPES_HEADER } from '../auth/scopes';
import { TLS_TRUST_CODES } from '../plainWords';
import { agentsFor, type EndpointAgents } from './agents';
import { discardBody, readBodyBytes } from './body';
import { requestCancellation } from './cancellation';
import { createLogPolicy } from './logPolicy';
import { redactUrlForLog } from './redact';
import { createRetryPolicy, type RetryOptions } from './retryPolicy';
import { createTimeoutPolicy, type TimeoutOptions } from './timeouts';
import { releasingSocketReads } from './releasedBuffers';

export interface TransportOptions {
  log?: LogSink;
  userAgent?: string;
  retry?: RetryOptions;
  /** Adds credentials for the registry's own origin (see auth/authPolicy.ts). */
  authPolicy?: PipelinePolicy;
  httpClient?: HttpClient;
  /** Limits for every HTTP exchange, token requests and redirects included (timeouts.ts). */
  timeouts?: TimeoutOptions;
}

export interface TransportRequest {
  method: HttpMethods;
  /** Absolute URL or a path such as `/v2/…` relative to the registry. */
  url: string;
  headers?: Record<string, string>;
  /**
   * Buffers and stream factories can be sent again (auth retry, backoff); see replay.ts. A stream is
   * sent once: its request must follow one that already obtained the credentials.
   */
  body?: Buffer | NodeJS.ReadableStream | (() => NodeJS.ReadableStream);
  /**
   * Statuses whose body is handed over as a stream (Infinity: every status). Any other body is read
   * here, refused above MAX_BUFFERED_BODY_BYTES, and given as `bodyAsText`.
   */
  streamStatuses?: number[];
  signal?: AbortSignal;
  /** Extra token scopes the auth policy should ask for (e.g. `repository:other:pull` for a mount). */
  scopes?: string[];
  /** Never through the auth policy, even on the registry's origin (requests to a token service). */
  withoutCredentials?: boolean;
}

/** Error bodies and write responses are small; a longer one is refused while it streams. */
export const MAX_BUFFERED_BODY_BYTES = MAX_ERROR_BODY_CHARS;

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class RegistryTransport {
  readonly baseUrl: string;
  readonly origin: string;
  private readonly authed: Pipeline;
  private readonly bare: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly agents: EndpointAgents;
  private readonly userAgent: string;
  private readonly log?: LogSink;

  constructor(readonly endpoint: RegistryEndpoint, options: TransportOptions = {}) {
    this.baseUrl = registryBaseUrl(endpoint);
    this.origin = new URL(this.baseUrl).origin;
    this.httpClient = options.httpClient ?? releasingSocketReads(createDefaultHttpClient());
    this.userAgent = options.userAgent ?? 'container-registry-explorer';
    this.log = options.log;
    this.agents = agentsFor(endpoint);
    this.bare = this.buildPipeline(options, undefined);
    this.authed = this.buildPipeline(options, options.authPolicy);
  }

  private buildPipeline(options: TransportOptions, authPolicy: PipelinePolicy | undefined): Pipeline {
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(createLogPolicy(options.log));
    pipeline.addPolicy(createRetryPolicy(options.retry, options.log));
    // The auth policy sits inside the retry loop so a refreshed token is used on the next attempt.
    if (authPolicy) pipeline.addPolicy(authPolicy);
    // Innermost, so that each attempt and each token request has its own limits.
    pipeline.addPolicy(createTimeoutPolicy(options.timeouts));
    return pipeline;
  }

  resolve(pathOrUrl: string): string {
    return new URL(pathOrUrl, `${this.baseUrl}/`).toString();
  }

  /** Sends a request, following redirects; credentials only ever go to the registry's own origin. */
  async send(request: TransportRequest): Promise<PipelineResponse> {
    let url = this.resolve(request.url);
    let method = request.method;
    let body = request.body;
    this.refusePlainHttp(new URL(url));
    for (let hop = 0; ; hop++) {
      const withCredentials = !request.withoutCredentials && new URL(url).origin === this.origin;
      const response = await this.sendOnce({ ...request, url, method, body }, withCredentials);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location) return this.bufferUnlessStreamed(response, request);
      discardBody(response);
      if (hop >= MAX_REDIRECTS) throw new RegistryError(`too many redirects for ${request.method} ${redactUrlForLog(this.resolve(request.url))}`);
      const next = new URL(location, url);
      if (new URL(url).protocol === 'https:' && next.protocol !== 'https:' && !isLoopbackHost(next.host)) {
        throw new RegistryError(`refusing a redirect from HTTPS to plain HTTP (${redactUrlForLog(next.toString())})`);
      }
      this.refusePlainHttp(next);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      this.log?.('debug', 'http', `redirect ${response.status} to ${redactUrlForLog(next.toString())}${next.origin === this.origin ? '' : ' (another host: no credentials sent)'}`);
      url = next.toString();
    }
  }

  private async bufferUnlessStreamed(response: PipelineResponse, request: TransportRequest): Promise<PipelineResponse> {
    const streamed = request.streamStatuses?.some((status) => status === response.status || status === Number.POSITIVE_INFINITY);
    if (streamed || !response.readableStreamBody) return response;
    const what = `the HTTP ${response.status} response to ${request.method} ${redactUrlForLog(response.request.url)}`;
    const bytes = await readBodyBytes(response, MAX_BUFFERED_BODY_BYTES, what);
    response.readableStreamBody = undefined;
    response.bodyAsText = bytes.toString('utf8');
    return response;
  }

  /**
   * Absolute URLs from the registry (upload Locations, redirects) may name another host: plain HTTP
   * is allowed there only on loopback or when the registry is marked insecure, as for the registry.
   */
  private refusePlainHttp(url: URL): void {
    if (url.protocol === 'http:' && !isLoopbackHost(url.host) && this.endpoint.insecure !== true) {
      throw new RegistryError(`refusing plain HTTP to ${url.host}: mark the registry as insecure to allow it`);
    }
  }

  private async sendOnce(request: TransportRequest, withCredentials: boolean): Promise<PipelineResponse> {
    const headers = createHttpHeaders({ 'user-agent': this.userAgent, ...request.headers });
    const cancellation = requestCancellation(request.signal);
    if (withCredentials && request.scopes?.length) headers.set(AUTH_SCOPES_HEADER, request.scopes.join(' '));
    const pipelineRequest = createPipelineRequest({
      url: request.url,
      method: request.method,
      headers,
      body: request.body,
      abortSignal: cancellation.signal,
      allowInsecureConnection: true, // the scheme was already decided by registryBaseUrl and the redirect check
    });
    // Set after creation: createPipelineRequest (1.25) silently drops `agent` and `tlsSettings` options.
    pipelineRequest.agent = request.url.startsWith('https:') ? this.agents.https : this.agents.http;
    try {
      const response = await (withCredentials ? this.authed : this.bare).sendRequest(this.httpClient, pipelineRequest);
      cancellation.headersReceived(response.readableStreamBody, `${request.method} ${redactUrlForLog(request.url)}`);
      return response;
    } catch (error) {
      cancellation.release();
      throw this.describeFailure(error, request);
    }
  }

  private describeFailure(error: unknown, request: TransportRequest): unknown {
    if (error instanceof RegistryError) return error;
    const where = `${request.method} ${redactUrlForLog(request.url)}`;
    if (request.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
      return new AbortedError(`cancelled: ${where}`, { method: request.method, url: request.url });
    }
    const code = (error as { code?: string }).code ?? ((error as { cause?: { code?: string } }).cause ?? {}).code;
    if (code && TLS_TRUST_CODES.test(code)) {
      return new RegistryError(
        `the TLS certificate of ${new URL(request.url).host} is not trusted (${code}): trust its CA certificate (the caCertificates setting, or crx --ca-file)`,
        { code, method: request.method, url: request.url, cause: error },
      );
    }
    const reason = code ?? (isRestError(error) ? 'request failed' : error instanceof Error ? error.message : String(error));
    return new RegistryError(`could not reach ${new URL(request.url).host}: ${reason} (${where})`, { code, method: request.method, url: request.url, cause: error });
  }
}
