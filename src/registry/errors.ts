// Error classes thrown by the registry service. Messages are meant for users: they name what failed
// and why, and never contain credentials (URLs are stripped of their query and userinfo).

export interface RegistryErrorDetails {
  code?: string;
  status?: number;
  method?: string;
  url?: string;
  details?: unknown;
  cause?: unknown;
}

/** Removes userinfo, query and fragment from a URL so that no token or signature leaks into a message. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    const hadQuery = parsed.search !== '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString() + (hadQuery ? '?…' : '');
  } catch {
    // Not a URL: keep only the part before any query marker.
    return url.split(/[?#]/, 1)[0];
  }
}

// Each class names itself with a literal: bundles are minified, and class names would not survive that.
export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly code?: string;
  readonly status?: number;
  readonly method?: string;
  /** Without query string or userinfo. */
  readonly url?: string;
  readonly details?: unknown;

  constructor(message: string, info: RegistryErrorDetails = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.code = info.code;
    this.status = info.status;
    this.method = info.method;
    this.url = redactUrl(info.url);
    this.details = info.details;
  }
}

export class NotFoundError extends RegistryError {
  override name = 'NotFoundError';
}
export class UnauthorizedError extends RegistryError {
  override name = 'UnauthorizedError';
}
/** Also used for `insufficient_scope`; then `scope` names what was missing. */
export class ForbiddenError extends RegistryError {
  override name = 'ForbiddenError';
  readonly scope?: string;
  constructor(message: string, info: RegistryErrorDetails & { scope?: string } = {}) {
    super(message, info);
    this.scope = info.scope;
  }
}
export class UnsupportedError extends RegistryError {
  override name = 'UnsupportedError';
}
/**
 * Azure Container Registry refused a change because the repository, tag or manifest is locked
 * (its writeEnabled or deleteEnabled attribute is false); ACR answers REGISTRY_DISALLOWED_OPERATION.
 */
export class LockedError extends RegistryError {
  override name = 'LockedError';
}
export class DigestMismatchError extends RegistryError {
  override name = 'DigestMismatchError';
  readonly expected?: string;
  readonly actual?: string;
  constructor(message: string, info: RegistryErrorDetails & { expected?: string; actual?: string } = {}) {
    super(message, { code: 'DIGEST_INVALID', ...info });
    this.expected = info.expected;
    this.actual = info.actual;
  }
}
export class SizeMismatchError extends RegistryError {
  override name = 'SizeMismatchError';
  readonly expected?: number;
  readonly actual?: number;
  constructor(message: string, info: RegistryErrorDetails & { expected?: number; actual?: number } = {}) {
    super(message, { code: 'SIZE_INVALID', ...info });
    this.expected = info.expected;
    this.actual = info.actual;
  }
}
export class ManifestInvalidError extends RegistryError {
  override name = 'ManifestInvalidError';
}
/** A malformed image reference, repository name, tag or digest. Named so it does not shadow the global ReferenceError. */
export class ReferenceSyntaxError extends RegistryError {
  override name = 'ReferenceSyntaxError';
}
export class TooLargeError extends RegistryError {
  override name = 'TooLargeError';
}
/** No response headers, or no body bytes either way, within the configured time limit. */
export class TimeoutError extends RegistryError {
  override name = 'TimeoutError';
  constructor(message: string, info: RegistryErrorDetails = {}) {
    super(message, { code: 'TIMEOUT', ...info });
  }
}
export class RetryExhaustedError extends RegistryError {
  override name = 'RetryExhaustedError';
}
export class AbortedError extends RegistryError {
  override name = 'AbortedError';
  constructor(message = 'the operation was cancelled', info: RegistryErrorDetails = {}) {
    super(message, { code: 'ABORTED', ...info });
  }
}

/** One entry of an OCI error body: `{"errors":[{"code","message","detail"}]}`. */
export interface OciErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

/** Bodies are read by callers; this is the most we look at, and the most of any string we print. */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;
const MAX_PRINTED_CHARS = 300;

function clip(text: string, max = MAX_PRINTED_CHARS): string {
  // Control characters could forge log lines or terminal escapes: replace them.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Parses an OCI error body; returns [] when the body is not one. Tolerates any input. */
export function parseOciErrors(bodyText: string | undefined): OciErrorEntry[] {
  if (!bodyText) return [];
  const text = bodyText.length > MAX_ERROR_BODY_CHARS ? bodyText.slice(0, MAX_ERROR_BODY_CHARS) : bodyText;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const errors = (parsed as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const result: OciErrorEntry[] = [];
  for (const entry of errors.slice(0, 20)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { code, message, detail } = entry as Record<string, unknown>;
    if (typeof code !== 'string') continue;
    result.push({ code: clip(code, 64), message: typeof message === 'string' ? clip(message) : undefined, detail });
  }
  return result;
}

/** `repository:R:pull,push` from an OCI DENIED detail or a Bearer challenge, when present. */
function scopeFromDetail(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined;
  const parts: string[] = [];
  for (const item of detail.slice(0, 10)) {
    if (typeof item !== 'object' || item === null) continue;
    const { Type, Name, Action } = item as Record<string, unknown>;
    if (typeof Type === 'string' && typeof Name === 'string' && typeof Action === 'string') {
      parts.push(clip(`${Type}:${Name}:${Action}`, 200));
    }
  }
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * Builds the right error for a failed registry response. `bodyText` may be anything a server sent;
 * only its first MAX_ERROR_BODY_CHARS are parsed and at most a few hundred characters printed.
 */
export function errorFromResponse(status: number, bodyText: string | undefined, method: string, url: string): RegistryError {
  const entries = parseOciErrors(bodyText);
  const first = entries[0];
  const code = first?.code;
  const where = `${method} ${redactUrl(url)}`;
  const summary = entries.length
    ? entries.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ')
    : bodyText && !bodyText.trimStart().startsWith('<')
      ? clip(bodyText.slice(0, MAX_PRINTED_CHARS * 2).trim())
      : '';
  const info: RegistryErrorDetails = { code, status, method, url, details: entries.length ? entries : undefined };
  const suffix = summary ? `: ${summary}` : '';

  // ACR answers 405 for locked content too: that is no missing feature, and saying so would mislead.
  if (code === 'REGISTRY_DISALLOWED_OPERATION') {
    return new LockedError(`the registry refused ${where}: the repository, tag or manifest is locked (its write or delete is disabled) (HTTP ${status} ${code})`, info);
  }
  if (status === 405 || code === 'UNSUPPORTED') {
    const message = method === 'DELETE' ? 'this registry does not allow deletes' : `this registry does not support ${where}`;
    return new UnsupportedError(`${message} (HTTP ${status}${suffix})`, info);
  }
  if (status === 401 || code === 'UNAUTHORIZED') {
    return new UnauthorizedError(`authentication required or failed for ${where} (HTTP ${status}${suffix})`, info);
  }
  if (status === 403 || code === 'DENIED') {
    const scope = scopeFromDetail(first?.detail);
    const what = scope ? ` (missing scope ${scope})` : '';
    return new ForbiddenError(`access denied for ${where}${what} (HTTP ${status}${suffix})`, { ...info, scope });
  }
  if (code === 'MANIFEST_INVALID' || code === 'MANIFEST_BLOB_UNKNOWN') {
    return new ManifestInvalidError(`the registry rejected the manifest: ${where} (HTTP ${status}${suffix})`, info);
  }
  if (status === 404 || (code !== undefined && /_UNKNOWN$/.test(code))) {
    return new NotFoundError(`not found: ${where} (HTTP ${status}${suffix})`, info);
  }
  if (code === 'DIGEST_INVALID') {
    return new DigestMismatchError(`the registry reported a digest mismatch: ${where} (HTTP ${status}${suffix})`, info);
  }
  if (code === 'SIZE_INVALID') {
    return new SizeMismatchError(`the registry reported a size mismatch: ${where} (HTTP ${status}${suffix})`, info);
  }
  if (status === 413) {
    return new TooLargeError(`the registry refused the request as too large: ${where} (HTTP 413${suffix})`, info);
  }
  return new RegistryError(`${where} failed with HTTP ${status}${suffix}`, info);
}
