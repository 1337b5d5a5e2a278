// Where credentials may go when a registry names its token service (`WWW-Authenticate: Bearer
// realm=…`). The realm comes from the registry's answer, so a hostile or compromised registry could
// name any host. Credentials go there without asking only over HTTPS (or to loopback) and only to
// the registry's own host or a host of the same registrable domain (registry-1.docker.io and
// auth.docker.io), judged by the public suffix list; anything else needs the user's trust.
import { isAcrHost } from '../acr';
import { RegistryError } from '../errors';
import { isLoopbackHost } from '../reference';

/**
 * Domains of multi-tenant registry services whose tenants are sibling subdomains but which the
 * public suffix list does not split (a.azurecr.io and evil.azurecr.io belong to different owners).
 */
const TENANT_DOMAINS = [/\.amazonaws\.com$/i, /\.jfrog\.io$/i];

export type RealmVerdict =
  /** Credentials may be sent. */
  | 'allowed'
  /** Plain HTTP to a host that is not loopback, for a registry not marked insecure. */
  | 'plainHttp'
  /** Another host that the user has not trusted for this registry. */
  | 'otherHost';

export interface RealmQuestion {
  /** The registry's host[:port]. */
  registryHost: string;
  realm: URL;
  /** The user allowed plain HTTP for this registry. */
  insecure?: boolean;
  /** Realm hosts the user trusts for this registry. */
  trustedHosts?: readonly string[];
}

/** The host name of `host[:port]`, lower case, without the port (an IPv6 address keeps its brackets). */
export function hostNameOf(host: string): string {
  return new URL(`http://${host}`).hostname;
}

/** The public suffix list, required only when it is needed (it is its own bundle file). */
function publicSuffix(): typeof import('./publicSuffix') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./publicSuffix.js');
}

function sharesRegistrableDomain(a: string, b: string): boolean {
  for (const name of [a, b]) {
    if (isLoopbackHost(name) || isAcrHost(name) || TENANT_DOMAINS.some((domain) => domain.test(name))) return false;
  }
  const { getDomain } = publicSuffix();
  const domain = getDomain(a, { allowPrivateDomains: true });
  // IP addresses have no registrable domain: only the very same address is the same host.
  return domain !== null && domain === getDomain(b, { allowPrivateDomains: true });
}

/** May credentials for `registryHost` be sent to `realm`? */
export function judgeRealm(question: RealmQuestion): RealmVerdict {
  const realmName = question.realm.hostname;
  if (question.realm.protocol !== 'https:' && !isLoopbackHost(question.realm.host) && !question.insecure) return 'plainHttp';
  const registryName = hostNameOf(question.registryHost);
  if (realmName === registryName) return 'allowed';
  if (question.trustedHosts?.some((host) => host.trim().toLowerCase() === realmName)) return 'allowed';
  return sharesRegistrableDomain(registryName, realmName) ? 'allowed' : 'otherHost';
}

/** Credentials were not sent to a token service on another host that the user has not trusted. */
export class UntrustedRealmError extends RegistryError {
  constructor(readonly registryHost: string, readonly realmHost: string) {
    super(
      `${registryHost} asked for credentials to be sent to its token service on ${realmHost}, another host; ` +
        `they were not sent. If ${realmHost} is the sign-in service of ${registryHost}, trust it for this registry ` +
        `(crx: --trust-realm ${realmHost}; VS Code: answer the prompt, or add it to the registry's "trustedRealmHosts" setting).`,
      { code: 'UNTRUSTED_REALM' },
    );
  }
}
