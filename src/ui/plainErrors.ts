// Transport failures in words a user can act on. Node names them by codes (ECONNREFUSED, EPROTO,
// certificate codes) somewhere down an error's cause chain; the request's URL says which host.
import { TLS_TRUST_CODES } from '../registry/transport/transport';

/** OpenSSL's complaints when a TLS handshake gets an HTTP answer instead. */
const PLAIN_HTTP_ANSWER = /wrong version number|packet length too long|http request/i;

interface Found { code?: string; url?: string; messages: string[] }

/** A plain sentence for a failure whose cause is known, else undefined (the message is then shown as is). */
export function plainWords(error: unknown): string | undefined {
  const found = walkCauses(error);
  const host = urlHost(found.url);
  if (!host) return undefined;
  if (found.code === 'ECONNREFUSED') return `Nothing is listening on ${host} — is the registry running?`;
  if (found.code === 'ENOTFOUND' || found.code === 'EAI_AGAIN') return `No host named ${host.replace(/:\d+$/, '')} could be found: check the registry URL`;
  if (found.code && TLS_TRUST_CODES.test(found.code)) {
    return `The TLS certificate of ${host} is not trusted: add its CA in registryExplorer.caCertificates (or the registry's caCertificates)`;
  }
  if ((found.code === 'EPROTO' || found.code === 'ERR_SSL_WRONG_VERSION_NUMBER') || found.messages.some((m) => PLAIN_HTTP_ANSWER.test(m) && /ssl|tls|EPROTO/i.test(m))) {
    return `This server speaks plain HTTP: use http://${host}`;
  }
  return undefined;
}

function walkCauses(error: unknown): Found {
  const found: Found = { messages: [] };
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, url, message, cause } = current as { code?: unknown; url?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|SELF_SIGNED[A-Z_]*|UNABLE_TO_[A-Z_]+)$/.test(code) && !found.code) found.code = code;
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
