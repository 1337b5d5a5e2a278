// `WWW-Authenticate` parsing (RFC 7235 §4.1, RFC 6750 §3) and token scopes (distribution token-scope docs).

export interface Challenge {
  /** Lower-cased auth scheme, e.g. `bearer`, `basic`. */
  scheme: string;
  /** Lower-cased parameter names → unescaped values. Has no prototype, so any name is safe. */
  params: Record<string, string>;
  /** RFC 7235 token68 form (`Negotiate abc==`), when used instead of parameters. */
  token68?: string;
}

const MAX_HEADER_LENGTH = 64 * 1024;
const MAX_PARAMS = 64;
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[-._~+/0-9A-Za-z]/;

/**
 * Parses one or more challenges from a header value, e.g.
 * `Basic realm="r", Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"`.
 * Single pass, so hostile input costs linear time; garbage is skipped, never thrown on.
 */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const text = header.length > MAX_HEADER_LENGTH ? header.slice(0, MAX_HEADER_LENGTH) : header;
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  let i = 0;
  const n = text.length;

  const skipSpaces = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && TCHAR.test(text[i])) i++;
    return text.slice(start, i);
  };
  const readQuoted = (): string => {
    // text[i] is the opening quote.
    i++;
    let value = '';
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < n) i++;
      value += text[i];
      i++;
    }
    i++; // closing quote (or past the end when unterminated)
    return value;
  };
  const skipToNextComma = (): void => {
    while (i < n && text[i] !== ',') {
      if (text[i] === '"') readQuoted();
      else i++;
    }
  };

  while (i < n) {
    skipSpaces();
    if (text[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (token === '') {
      // Not a token character: skip this element.
      i++;
      skipToNextComma();
      continue;
    }
    skipSpaces();
    if (text[i] === '=' && !current) {
      // A parameter before any scheme: malformed, skip it.
      skipToNextComma();
      continue;
    }
    if (text[i] === '=' && current) {
      // `name = value` belongs to the current challenge.
      i++;
      skipSpaces();
      const value = text[i] === '"' ? readQuoted() : readToken();
      if (Object.keys(current.params).length < MAX_PARAMS) current.params[token.toLowerCase()] = value;
      skipSpaces();
      if (i < n && text[i] !== ',') skipToNextComma();
      continue;
    }
    // A new challenge: `scheme [token68 | params]`.
    current = { scheme: token.toLowerCase(), params: Object.create(null) as Record<string, string> };
    challenges.push(current);
    if (i >= n || text[i] === ',') continue;
    // token68 (`abc+/==`) is the only thing in the element; otherwise parameters follow.
    let j = i;
    while (j < n && TOKEN68_CHAR.test(text[j])) j++;
    let k = j;
    while (k < n && text[k] === '=') k++;
    let m = k;
    while (m < n && (text[m] === ' ' || text[m] === '\t')) m++;
    if (j > i && (m >= n || text[m] === ',')) {
      current.token68 = text.slice(i, k);
      i = m;
    }
  }
  return challenges;
}

/** The first challenge with the given scheme (case-insensitive). */
export function findChallenge(challenges: Challenge[], scheme: string): Challenge | undefined {
  const wanted = scheme.toLowerCase();
  return challenges.find((c) => c.scheme === wanted);
}

/** Whether the challenge reports `error="insufficient_scope"` (RFC 6750 §3.1). */
export function isInsufficientScope(challenge: Challenge | undefined): boolean {
  return challenge?.params.error === 'insufficient_scope';
}

export function scopeForRepository(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}

const ACTION_ORDER = ['pull', 'push', 'delete', '*'];

function compareActions(a: string, b: string): number {
  const ia = ACTION_ORDER.indexOf(a);
  const ib = ACTION_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? ACTION_ORDER.length : ia) - (ib < 0 ? ACTION_ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits `type:name:actions`; the name may itself contain ':' (e.g. a host:port). */
function splitScope(scope: string): { resource: string; actions: string[] } | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  return { resource: scope.slice(0, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

/**
 * Unions actions per resource: `repository:R:pull` + `repository:R:push` → `repository:R:pull,push`.
 * Accepts space-separated scope lists, drops duplicates, and orders the result (resources sorted, actions
 * pull,push,delete,* first) so that equal sets give equal strings, usable as cache keys.
 */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  const opaque = new Set<string>();
  for (const item of scopes) {
    for (const scope of item.split(/\s+/)) {
      if (scope === '') continue;
      const parts = splitScope(scope);
      if (!parts) {
        opaque.add(scope);
        continue;
      }
      const set = byResource.get(parts.resource) ?? new Set<string>();
      parts.actions.forEach((a) => set.add(a));
      byResource.set(parts.resource, set);
    }
  }
  const merged = [...byResource.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([resource, actions]) => `${resource}:${[...actions].sort(compareActions).join(',')}`);
  return [...merged, ...[...opaque].sort()];
}

/** True when every action of every scope in `needed` is covered by `granted`. */
export function scopesCover(granted: readonly string[], needed: readonly string[]): boolean {
  const have = new Map<string, Set<string>>();
  for (const scope of mergeScopes(granted)) {
    const parts = splitScope(scope);
    if (parts) have.set(parts.resource, new Set(parts.actions));
  }
  for (const scope of mergeScopes(needed)) {
    const parts = splitScope(scope);
    if (!parts) return false;
    const set = have.get(parts.resource);
    if (!set || !parts.actions.every((a) => set.has(a) || set.has('*'))) return false;
  }
  return true;
}
