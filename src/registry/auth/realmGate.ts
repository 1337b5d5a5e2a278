// Checks each token realm a registry names before anything is sent there: the rule of realmTrust.ts,
// the hosts the user trusts for this registry, and, where the caller can ask (the VS Code side), the
// user's answer, asked once per realm host however many requests are waiting.
import type { RegistryEndpoint } from '../types';
import { RegistryError, redactUrl } from '../errors';
import type { RegistryCredential } from './credentials';
import { hostNameOf, judgeRealm, UntrustedRealmError } from './realmTrust';

/** Asks the user whether `realmHost` may receive the credentials of `registryHost`; true to trust it. */
export type ConfirmUntrustedRealm = (registryHost: string, realmHost: string) => Promise<boolean>;

export class RealmGate {
  private readonly trusted: Set<string>;
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly endpoint: RegistryEndpoint,
    private readonly confirm?: ConfirmUntrustedRealm,
  ) {
    this.trusted = new Set((endpoint.trustedRealmHosts ?? []).map((host) => host.trim().toLowerCase()).filter(Boolean));
  }

  /** The realm as a URL string, once `credential` may be sent there; throws otherwise. */
  async check(realmText: string, credential: RegistryCredential): Promise<string> {
    const realm = this.parse(realmText);
    if (credential.kind === 'anonymous') {
      // Nothing secret goes with an anonymous token request.
      return realm.toString();
    }
    const registryHost = this.endpoint.host;
    if (credential.kind === 'azure' && realm.hostname !== hostNameOf(registryHost)) {
      throw new RegistryError(
        `${registryHost} named a token service on ${realm.host}, not on the registry itself; an Azure (Entra ID) sign-in is only ever sent to the registry's own host`,
        { code: 'UNTRUSTED_REALM' },
      );
    }
    const verdict = judgeRealm({ registryHost, realm, insecure: this.endpoint.insecure, trustedHosts: [...this.trusted] });
    if (verdict === 'plainHttp') {
      throw new RegistryError(`refusing to send credentials to the token service ${redactUrl(realm.toString())}: it is not HTTPS`);
    }
    if (verdict === 'otherHost' && !(await this.askOnce(realm.hostname))) throw new UntrustedRealmError(registryHost, realm.hostname);
    return realm.toString();
  }

  private parse(realmText: string): URL {
    let realm: URL | undefined;
    try {
      realm = new URL(realmText);
    } catch {
      realm = undefined;
    }
    if (!realm || (realm.protocol !== 'https:' && realm.protocol !== 'http:')) {
      throw new RegistryError(`${this.endpoint.host} sent an invalid token realm ${JSON.stringify(realmText.slice(0, 100))}`);
    }
    return realm;
  }

  private async askOnce(realmHost: string): Promise<boolean> {
    if (!this.confirm) return false;
    let pending = this.asking.get(realmHost);
    if (!pending) {
      pending = this.confirm(this.endpoint.host, realmHost);
      this.asking.set(realmHost, pending);
    }
    try {
      const trusted = await pending;
      if (trusted) this.trusted.add(realmHost);
      return trusted;
    } finally {
      // A refusal is not remembered: the next operation the user starts may ask again.
      this.asking.delete(realmHost);
    }
  }
}
