// Web pages of registries that have one, for Open in Browser. Built only from the registry's host
// and the repository and tag names (already checked against the reference grammar), each part
// URL-encoded. No page is made up where the host has none.
import { isAcrHost } from '../registry/acr';
import { hostOf } from './registryLocation';

export interface WebPage {
  url: string;
  /** Set when the page only lists the registries (Azure portal): the name to look for there. */
  pickInList?: string;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io', 'registry.hub.docker.com']);
/** The portal needs a subscription and a resource group for a registry's own page; this is its list of registries. */
const AZURE_PORTAL_REGISTRIES = 'https://portal.azure.com/#browse/Microsoft.ContainerRegistry%2Fregistries';

const path = (parts: string[]): string => parts.map(encodeURIComponent).join('/');

/** The registry's, repository's or tag's page, or undefined where the registry has no web UI this knows. */
export function webPageOf(registryUrl: string, repository?: string, tag?: string): WebPage | undefined {
  let host: string;
  try {
    host = hostOf(registryUrl);
  } catch {
    return undefined;
  }
  if (DOCKER_HUB_HOSTS.has(host)) return dockerHubPage(repository, tag);
  if (host === 'quay.io') {
    if (!repository) return { url: 'https://quay.io/' };
    const page = `https://quay.io/repository/${path(repository.split('/'))}`;
    return { url: tag ? `${page}?tab=tags&tag=${encodeURIComponent(tag)}` : page };
  }
  if (host === 'ghcr.io') {
    // A package's page on github.com lives under users/ or orgs/ (or the repository it is linked
    // to), which the registry does not say; GHCR sends a browser asking for the image to that page.
    return repository && repository.includes('/') ? { url: `https://ghcr.io/${path(repository.split('/'))}` } : undefined;
  }
  if (isAcrHost(host)) {
    const name = host.split('.')[0];
    return { url: AZURE_PORTAL_REGISTRIES, pickInList: name };
  }
  return undefined;
}

function dockerHubPage(repository: string | undefined, tag: string | undefined): WebPage {
  if (!repository) return { url: 'https://hub.docker.com/' };
  const parts = repository.split('/');
  // Official images are `library/<name>` (or a bare name) in the API and `_/<name>` on the Hub.
  const official = parts.length === 1 || (parts.length === 2 && parts[0] === 'library');
  const page = official ? `https://hub.docker.com/_/${encodeURIComponent(parts[parts.length - 1])}` : `https://hub.docker.com/r/${path(parts)}`;
  return { url: tag ? `${page}/tags?name=${encodeURIComponent(tag)}` : page };
}

/**
 * A GitHub package's page as GitHub's API named it, only when it is an https:// page of github.com
 * or of the GitHub Enterprise Server whose API the registry entry uses; anything else is no page.
 */
export function githubPackagePage(webUrl: string | undefined, githubApiUrl: string | undefined): WebPage | undefined {
  if (!webUrl) return undefined;
  try {
    const page = new URL(webUrl);
    const enterprise = githubApiUrl ? new URL(githubApiUrl).host : undefined;
    const trusted = page.host === 'github.com' || (enterprise !== undefined && enterprise !== 'api.github.com' && page.host === enterprise);
    return page.protocol === 'https:' && trusted && !page.username && !page.password ? { url: page.toString() } : undefined;
  } catch {
    return undefined;
  }
}
