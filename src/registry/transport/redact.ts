// Turns URLs and headers into text that is safe for logs: no userinfo, no token/signature values.

/** Query parameters whose values carry no secret and help when reading a log. */
const SAFE_QUERY_KEYS = new Set(['n', 'last', 'digest', 'mount', 'from', 'service', 'scope', 'artifactType', 'orderby']);

/** `scheme://host/path?key=***` with userinfo removed and only harmless query values kept. */
export function redactUrlForLog(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.split(/[?#]/, 1)[0];
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const kept: string[] = [];
  for (const [key, value] of parsed.searchParams) {
    kept.push(`${encodeURIComponent(key)}=${SAFE_QUERY_KEYS.has(key) ? encodeURIComponent(value) : '***'}`);
  }
  parsed.search = '';
  return parsed.toString() + (kept.length ? `?${kept.join('&')}` : '');
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-authorization']);

/** A header value as it may appear in a log. */
export function redactHeaderForLog(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) return '***';
  if (lower === 'location' || lower === 'link' || lower === 'content-location') {
    return value.replace(/https?:\/\/[^\s>,;]+|\/[^\s>,;]*\?[^\s>,;]*/g, (match) =>
      match.startsWith('/') ? redactUrlForLog(`http://x${match}`).slice('http://x'.length) : redactUrlForLog(match),
    );
  }
  if (lower === 'www-authenticate') return value.replace(/(realm=")([^"]*)(")/i, (_m, a: string, realm: string, c: string) => a + redactUrlForLog(realm) + c);
  return value;
}
