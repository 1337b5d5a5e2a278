// Retries throttled (429), failing (5xx) and dropped requests with exponential backoff, honouring
// Retry-After, bounded by attempts and total time. Only requests that are safe to send again are
// retried: idempotent methods, or any method when the server refused it outright (429/503), and
// only when the body can be replayed (replay.ts).
// A TimeoutError (timeouts.ts) is not retried: a server that stays silent for the whole limit is
// not expected to answer the next attempt, and the user-set limit is then the whole wait. Worst case
// per request: maxTotalMs of backoff plus one headers limit for the last attempt.
import { isRestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { LogSink } from '../types';
import { AbortedError, errorFromResponse, RetryExhaustedError } from '../errors';
import { discardBody, readErrorText } from './body';
import { redactUrlForLog } from './redact';
import { isReplayableBody } from './replay';
import { parseRetryAfter, rateLimitFacts } from '../rateLimit';

export { parseRetryAfter } from '../rateLimit';

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** First backoff delay (default 500 ms), doubled each time with jitter. */
  baseDelayMs?: number;
  /** Longest single wait (default 20 s), also the cap for Retry-After. */
  maxDelayMs?: number;
  /** No retry starts after this much time since the first attempt (default 60 s). */
  maxTotalMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REFUSED_STATUS = new Set([429, 503]);
/**
 * A refused connection is retried once, quickly: a registry restarting may be back in a moment, but
 * nothing listening is the usual cause, and the user should hear so at once.
 */
const MAX_REFUSED_RETRIES = 1;
const REFUSED_RETRY_DELAY_MS = 250;
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

function networkErrorCode(error: unknown): string | undefined {
  if (!isRestError(error) && !(error instanceof Error)) return undefined;
  const code = (error as { code?: string }).code;
  const causeCode = ((error as { cause?: { code?: string } }).cause ?? {}).code;
  if (code && RETRYABLE_CODES.has(code)) return code;
  if (causeCode && RETRYABLE_CODES.has(causeCode)) return causeCode;
  if (code === 'REQUEST_SEND_ERROR') return code;
  return undefined;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createRetryPolicy(options: RetryOptions = {}, log?: LogSink): PipelinePolicy {
  const maxRetries = options.maxRetries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 20_000;
  const maxTotalMs = options.maxTotalMs ?? 60_000;
  return {
    name: 'crxRetryPolicy',
    async sendRequest(request, next) {
      const started = Date.now();
      const what = `${request.method} ${redactUrlForLog(request.url)}`;
      for (let attempt = 0; ; attempt++) {
        let response: PipelineResponse | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (error) {
          failure = error;
        }
        const signal = request.abortSignal as AbortSignal | undefined;
        if (signal?.aborted) throw new AbortedError();
        const retryable = response
          ? RETRYABLE_STATUS.has(response.status) && (IDEMPOTENT.has(request.method) || REFUSED_STATUS.has(response.status))
          : networkErrorCode(failure) !== undefined && IDEMPOTENT.has(request.method);
        if (!retryable || !isReplayableBody(request.body)) {
          if (response) return response;
          throw failure;
        }
        const refused = !response && networkErrorCode(failure) === 'ECONNREFUSED';
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
        const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
        const delay = refused ? Math.min(REFUSED_RETRY_DELAY_MS, backoff) : Math.min(maxDelayMs, retryAfter ?? backoff);
        const reason = response ? `HTTP ${response.status}` : `network error ${networkErrorCode(failure)}`;
        if (attempt >= maxRetries || (refused && attempt >= MAX_REFUSED_RETRIES) || Date.now() - started + delay > maxTotalMs) {
          const serverError = response ? errorFromResponse(response.status, await readErrorText(response), request.method, request.url) : undefined;
          const detail = serverError ? serverError.message : `${what}: ${reason}`;
          throw new RetryExhaustedError(`gave up after ${attempt + 1} attempts: ${detail}`, {
            code: serverError?.code,
            status: response?.status,
            // What a 429 said about the limit, for the plain words (rateLimit.ts).
            details: response?.status === 429 ? { rateLimit: rateLimitFacts(response.headers) } : undefined,
            method: request.method,
            url: request.url,
            cause: failure ?? serverError,
          });
        }
        log?.('warn', 'http', `${what}: ${reason}, retrying in ${Math.round(delay)} ms (attempt ${attempt + 2} of ${maxRetries + 1})`);
        if (response) discardBody(response);
        await sleep(delay, signal);
      }
    },
  };
}
