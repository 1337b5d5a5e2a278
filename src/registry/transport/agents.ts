// The connection agents of one endpoint: its TLS trust (extra CA certificates, certificate checks
// off only when the user said so) applies to every HTTPS request, with or without a proxy. The
// HTTP client's own proxy support builds agents without TLS options, so the proxy agents are built
// here with them (in proxyAgents.ts, required only for an endpoint with a proxy: its own bundle file).
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions as HttpsRequestOptions } from 'node:https';
import * as tls from 'node:tls';
import type { RegistryEndpoint } from '../types';

export interface EndpointAgents {
  https: HttpAgent;
  http: HttpAgent;
}

/**
 * The HTTP client hands Node a URL's `hostname`, which keeps an IPv6 address in brackets
 * (`[::1]`); Node would look that up as a DNS name and fail. The socket (and TLS, which then checks
 * the certificate against the address) gets the bare address; the Host header keeps the brackets.
 */
function withBareIpv6<T extends ClientRequestArgs>(options: T): T {
  const host = options.host ?? options.hostname;
  if (typeof host !== 'string' || !host.startsWith('[') || !host.endsWith(']')) return options;
  const bare = host.slice(1, -1);
  return { ...options, host: bare, hostname: bare, servername: undefined };
}

class DirectHttpAgent extends HttpAgent {
  override createConnection(options: ClientRequestArgs, callback?: Parameters<HttpAgent['createConnection']>[1]): ReturnType<HttpAgent['createConnection']> {
    return super.createConnection(withBareIpv6(options), callback);
  }
}

class DirectHttpsAgent extends HttpsAgent {
  override createConnection(options: HttpsRequestOptions, callback?: Parameters<HttpsAgent['createConnection']>[1]): ReturnType<HttpsAgent['createConnection']> {
    return super.createConnection(withBareIpv6(options), callback);
  }
}

/**
 * `ca` replaces Node's default trust store, so the defaults are kept alongside the extra
 * certificates: with Node ≥ 22.15 those include NODE_EXTRA_CA_CERTS, before that the bundled roots.
 */
function trustStore(extra: string[]): string[] | undefined {
  if (!extra.length) return undefined;
  const getCACertificates = (tls as { getCACertificates?: (kind: 'default') => string[] }).getCACertificates;
  return [...(getCACertificates ? getCACertificates('default') : tls.rootCertificates), ...extra];
}

export type TlsOptions = { ca?: string[]; rejectUnauthorized: boolean };

export function agentsFor(endpoint: Pick<RegistryEndpoint, 'proxy' | 'caCertificates' | 'rejectUnauthorized'>): EndpointAgents {
  const tlsOptions: TlsOptions = {
    ca: trustStore(endpoint.caCertificates?.filter((pem) => pem.trim()) ?? []),
    rejectUnauthorized: endpoint.rejectUnauthorized !== false,
  };
  if (!endpoint.proxy) return { https: new DirectHttpsAgent({ keepAlive: true, ...tlsOptions }), http: new DirectHttpAgent({ keepAlive: true }) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { proxyAgentsFor } = require('./proxyAgents.js') as typeof import('./proxyAgents');
  return proxyAgentsFor(endpoint.proxy, tlsOptions);
}
