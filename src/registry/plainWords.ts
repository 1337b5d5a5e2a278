// Failures in words a user can act on, shared by the extension and the CLI. Node names transport
// failures by codes (ECONNREFUSED, EPROTO, certificate codes) and OpenSSL reasons somewhere down an
// error's cause chain; the request's URL says which host. What to do next differs between the two
// front ends (a setting or a flag), so each passes its own advice.
import { ForbiddenError, LockedError, TimeoutError, UnauthorizedError } from './errors';
import { rateLimitText, type RateLimitFacts } from './rateLimit';

/** Node's and OpenSSL's codes for a certificate chain that is not trusted. */
export const TLS_TRUST_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/;

/** What to do next, in the front end's own terms; without an entry the error keeps its own message. */
export interface PlainWordsAdvice {
  /** How to trust a private CA, e.g. `add its CA with --ca-file <pem>`. */
  trustCa: string;
  /** What to do when the registry refused the sign-in (401). */
  signIn?: string;
  /** What to do when the signed-in user may not do this (403). */
  forbidden?: string;
  /** How to wait longer for a slow registry. */
  timeout?: string;
  /** What else helps against a rate limit besides waiting (e.g. signing in). */
  rateLimited?: string;
  /** How to unlock a locked repository, tag or manifest (Azure Container Registry). */
  locked?: string;
}

/** OpenSSL's complaints when a TLS handshake gets an HTTP answer instead. */
const PLAIN_HTTP_ANSWER = /wrong version number|packet length too long|http request/i;
/** The two sides share no TLS version (a server stuck on TLS 1.0/1.1, or one asking for a newer one). */
const TLS_VERSION_MISMATCH = /alert protocol version|unsupported protocol|no protocols available|version too low/i;
const TLS_HANDSHAKE_FAILURE = /handshake failure|no shared cipher|sslv3 alert|tlsv1[0-9.]* alert/i;

interface Found { code?: string; url?: string; status?: number; rateLimit?: RateLimitFacts; messages: string[] }

/** A plain sentence for a failure whose cause is known, else undefined (the message is then shown as is). */
export function plainWords(error: unknown, advice: PlainWordsAdvice): string | undefined {
  const found = walkCauses(error);
  const host = urlHost(found.url);
  if (error instanceof TimeoutError) return advice.timeout ? `${error.message}: ${advice.timeout}` : undefined;
  if (error instanceof LockedError) return advice.locked ? `${error.message}: ${advice.locked}` : undefined;
  if (error instanceof ForbiddenError) return advice.forbidden ? `${error.message}: ${advice.forbidden}` : undefined;
  if (error instanceof UnauthorizedError) return advice.signIn ? `${error.message}: ${advice.signIn}` : undefined;
  if (!host) return undefined;
  if (found.status === 429) return `${rateLimitText(host, found.rateLimit)}${advice.rateLimited ? ` (${advice.rateLimited})` : ''}`;
  const code = found.code;
  const said = (pattern: RegExp) => found.messages.some((m) => pattern.test(m));
  if (code === 'ECONNREFUSED') return `Nothing is listening on ${host} — is the registry running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `No host named ${host.replace(/:\d+$/, '')} could be found: check the registry URL`;
  if (code === 'ECONNRESET' && said(/socket disconnected before secure TLS connection/i)) {
    return `${host} closed the connection during the TLS handshake: check that it serves HTTPS on this port, or use http://${host}`;
  }
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return `${host} cannot be reached (${code}): check the address, the network and any proxy`;
  }
  if (code && TLS_TRUST_CODES.test(code)) return `The TLS certificate of ${host} is not trusted: ${advice.trustCa}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || said(/does not match certificate's altnames/i)) {
    return `The TLS certificate of ${host} is for another name: use the host name the certificate names`;
  }
  const tlsFailure = code === 'EPROTO' || (code?.startsWith('ERR_SSL_') ?? false) || said(/ssl|tls/i);
  if (!tlsFailure) return undefined;
  if (said(PLAIN_HTTP_ANSWER) || code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `This server speaks plain HTTP: use http://${host}`;
  if (said(TLS_VERSION_MISMATCH)) return `${host} and this client share no TLS version: the registry must offer TLS 1.2 or newer`;
  if (said(TLS_HANDSHAKE_FAILURE)) return `The TLS handshake with ${host} failed: the registry and this client agree on no protocol or cipher`;
  return undefined;
}

/** The transport's own account (error codes and messages down the cause chain), for logs and --verbose. */
export function rawErrorChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (typeof current !== 'object') {
      parts.push(String(current));
      break;
    }
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    const text = typeof message === 'string' ? message : '';
    const tagged = typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
    if (tagged && !parts.includes(tagged)) parts.push(tagged);
    current = cause;
  }
  return parts.join(' ← ');
}

function walkCauses(error: unknown): Found {
  const found: Found = { messages: [] };
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, url, message, cause, status, details } = current as { code?: unknown; url?: unknown; message?: unknown; cause?: unknown; status?: unknown; details?: unknown };
    if (typeof status === 'number' && found.status === undefined) found.status = status;
    const rateLimit = (details as { rateLimit?: RateLimitFacts } | undefined)?.rateLimit;
    if (typeof rateLimit === 'object' && rateLimit !== null && !found.rateLimit) found.rateLimit = rateLimit;
    if (typeof code === 'string' && /^(E[A-Z]+|ERR_[A-Z_0-9]+|[A-Z_]*CERT[A-Z_]*|SELF_SIGNED[A-Z_]*|UNABLE_TO_[A-Z_]+)$/.test(code) && !found.code) found.code = code;
    if (typeof url === 'string' && !found.url) found.url = url;
    if (typeof message === 'string') found.messages.push(message);
    current = cause;
  }
  return found;
}

function urlHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
