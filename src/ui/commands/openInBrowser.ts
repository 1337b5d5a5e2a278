// Open in Browser: the web page of a registry, repository or tag where the registry has a web UI
// (Docker Hub, Quay, GHCR, the Azure portal).
import * as vscode from 'vscode';
import { githubPackagePage, webPageOf, type WebPage } from '../browserPages';
import { GitHubRegistry } from '../../registry/sources/github';
import { displayName, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { nodeArgument } from './nodeArgs';
import { registerLogged } from './registerLogged';
import { pickRegistry, pickRepository } from './pickers';

/** A registry's own page, or (GHCR) pages of its repositories only. */
function hasWebPage(registry: RegistryConfig): boolean {
  return registry.source === 'ghcr' || webPageOf(registry.url) !== undefined || webPageOf(registry.url, 'any/repository') !== undefined;
}

export function registerOpenInBrowser(services: Services): vscode.Disposable {
  return registerLogged(services.log, 'registryExplorer.openInBrowser', async (node?: unknown) => {
    const row = nodeArgument(node, 'registry', 'repository', 'tag');
    if (!row && readRegistries().length > 0 && !readRegistries().some(hasWebPage)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('None of your registries has a web page the explorer knows of (Docker Hub, GitHub, Quay, the Azure portal).'));
      return undefined;
    }
    const registry = row?.registry ?? await pickRegistry(vscode.l10n.t('Open in browser'), hasWebPage);
    if (!registry) return undefined;
    let page: WebPage | undefined;
    // A GitHub package's own page as GitHub's API named it (under users/ or orgs/, which the registry does not tell).
    const packagePage = row?.kind === 'repository' ? githubPackagePage(row.info?.webUrl, registry.githubApiUrl) : undefined;
    if (packagePage) {
      page = packagePage;
    } else if (row) {
      page = webPageOf(registry.url, row.kind === 'registry' ? undefined : row.repository, row.kind === 'tag' ? row.tag.name : undefined);
    } else if (registry.source === 'ghcr') {
      const repository = await pickRepository(services, registry, vscode.l10n.t('Open in browser'));
      if (!repository) return undefined;
      const client = await services.clients.get(registry);
      const listed = client instanceof GitHubRegistry ? await client.webUrlOf(repository) : undefined;
      page = githubPackagePage(listed, registry.githubApiUrl) ?? webPageOf(registry.url, repository);
    } else if (webPageOf(registry.url, 'any/repository')) {
      // From the palette: the registry's own page, or where it has none (GHCR) a repository's.
      page = webPageOf(registry.url);
      const repository = page ? undefined : await pickRepository(services, registry, vscode.l10n.t('Open in browser'));
      if (repository) page = webPageOf(registry.url, repository);
      else if (!page) return undefined;
    }
    if (!page) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no web page the explorer knows of.', displayName(registry)));
      return undefined;
    }
    if (page.pickInList) {
      void vscode.window.showInformationMessage(vscode.l10n.t(
        'The Azure portal opens its list of container registries: a direct link to {0} needs its subscription and resource group, which the registry does not tell. Pick {0} there.',
        page.pickInList));
    }
    // As a string: VS Code re-encodes a Uri (microsoft/vscode#85930), which would turn the
    // portal's %2F into %252F; a string reaches the browser as written.
    await vscode.env.openExternal(page.url as unknown as vscode.Uri);
    return page.url;
  });
}
