// Agents through an HTTP(S) proxy. Loaded on demand and bundled as its own file (dist/proxyAgents.js,
// see esbuild.mjs): only endpoints with a proxy need them.
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { EndpointAgents, TlsOptions } from './agents';

/**
 * HttpsProxyAgent applies its constructor options to the connection with the proxy only; the TLS
 * session with the registry inside the tunnel is made from the request's options, so they are added there.
 */
class TrustingHttpsProxyAgent extends HttpsProxyAgent<string> {
  constructor(proxy: string, private readonly tlsOptions: TlsOptions) {
    super(proxy, { keepAlive: true, ...tlsOptions });
  }

  override connect(request: Parameters<HttpsProxyAgent<string>['connect']>[0], options: Parameters<HttpsProxyAgent<string>['connect']>[1]): ReturnType<HttpsProxyAgent<string>['connect']> {
    return super.connect(request, { ...options, ...this.tlsOptions });
  }
}

export function proxyAgentsFor(proxy: string, tlsOptions: TlsOptions): EndpointAgents {
  return {
    https: new TrustingHttpsProxyAgent(proxy, tlsOptions),
    // Proxies often close a plain-HTTP client connection after each response without saying so;
    // reusing it would race with that close (ECONNRESET), so each request gets its own.
    http: new HttpProxyAgent(proxy, { keepAlive: false }),
  };
}

/** For the bundles: the HTTP client's own imports of these packages are served from this file. */
export { HttpProxyAgent, HttpsProxyAgent };
