import * as vscode from 'vscode';
import { displayName, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { isDigest, validateTag } from '../../registry/reference';
import { messageOf } from '../errors';
import { repositoryKey, tagKey, type ManifestRef, type ManifestTarget, type TagNode } from '../tree/nodes';
import { referrersTagSubject } from '../tree/referrerTags';

/** Palette fallbacks: ask for what a context menu would have given. */
/** `offered`: only the registries a command can act on; the rest are not listed. */
export async function pickRegistry(title = vscode.l10n.t('Choose a registry'), offered?: (registry: RegistryConfig) => boolean): Promise<RegistryConfig | undefined> {
  const registries = readRegistries().filter((registry) => offered?.(registry) ?? true);
  if (registries.length === 0) {
    const add = await vscode.window.showInformationMessage(vscode.l10n.t('No registries are configured yet.'), vscode.l10n.t('Add Registry'));
    if (add) await vscode.commands.executeCommand('registryExplorer.addRegistry');
    return undefined;
  }
  if (registries.length === 1) return registries[0];
  const picked = await vscode.window.showQuickPick(
    registries.map((registry) => ({ label: displayName(registry), description: registry.url, registry })),
    { title },
  );
  return picked?.registry;
}

/**
 * Lists the first page of repositories to choose from, with free text for any other name;
 * `preselect` is listed first and highlighted, so Enter keeps it.
 */
export async function pickRepository(services: Services, registry: RegistryConfig, title: string, preselect?: string): Promise<string | undefined> {
  const client = await services.clients.get(registry);
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = vscode.l10n.t('{0}: repository in {1}', title, displayName(registry));
  quickPick.placeholder = vscode.l10n.t('Repository name (type any name, or pick one)');
  quickPick.busy = true;
  const known = new Set([...(preselect ? [preselect] : []), ...(registry.repositories ?? [])]);
  const refreshItems = () => {
    const typed = quickPick.value.trim();
    const names = [...known].filter((n) => !typed || n.includes(typed));
    const items = [...(typed && !known.has(typed) ? [{ label: typed, description: vscode.l10n.t('use this name') }] : []), ...names.map((label) => ({ label }))];
    quickPick.items = items;
    const preselected = items.find((item) => item.label === preselect);
    if (preselected && !typed) quickPick.activeItems = [preselected];
  };
  client.listRepositories({ pageSize: 100 }).then(
    (page) => { page.items.forEach((r) => known.add(r.name)); refreshItems(); },
    () => { /* catalog may be forbidden; typing a name still works */ },
  ).finally(() => { quickPick.busy = false; });
  quickPick.onDidChangeValue(refreshItems);
  refreshItems();
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => { resolve(quickPick.selectedItems[0]?.label ?? (quickPick.value.trim() || undefined)); quickPick.hide(); });
    quickPick.onDidHide(() => { resolve(undefined); quickPick.dispose(); });
    quickPick.show();
  });
}

/** Tags a picker lists: not the referrers-schema tags, which the tree shows under their subject rather than as tags (one can still be typed in). */
export function offeredTags<T extends { name: string }>(tags: readonly T[]): T[] {
  return tags.filter((tag) => referrersTagSubject(tag.name) === undefined);
}

/** A listed tag, or a tag or digest typed in: which one is decided by the reference grammar. */
export async function pickTag(services: Services, registry: RegistryConfig, repository: string, title: string): Promise<ManifestRef | undefined> {
  const client = await services.clients.get(registry);
  const page = await client.listTags(repository, { pageSize: 200 });
  const picked = await vscode.window.showQuickPick(
    [...offeredTags(page.items).map((t) => ({ label: t.name, description: t.digest })), { label: `$(edit) ${vscode.l10n.t('Enter a tag or digest…')}`, description: '', manual: true }],
    { title: vscode.l10n.t('{0}: tag of {1}', title, repository) },
  );
  if (!picked) return undefined;
  if (!('manual' in picked)) return { kind: 'tag', tag: picked.label };
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: tag of {1}', title, repository), prompt: vscode.l10n.t('Tag or digest (sha256:…)'),
    validateInput: messageOf((value) => { if (!isDigest(value.trim())) validateTag(value.trim()); }),
  });
  if (!typed) return undefined;
  const text = typed.trim();
  return isDigest(text) ? { kind: 'digest', digest: text } : { kind: 'tag', tag: text };
}

/** A tag node equivalent built from palette answers. */
export async function pickManifestTarget(services: Services, title: string): Promise<ManifestTarget | undefined> {
  const registry = await pickRegistry(title);
  if (!registry) return undefined;
  const repository = await pickRepository(services, registry, title);
  if (!repository) return undefined;
  const reference = await pickTag(services, registry, repository, title);
  if (!reference) return undefined;
  if (reference.kind === 'digest') {
    return { kind: 'manifest', key: `${repositoryKey(registry, repository)}@${reference.digest}`, registry, repository, label: reference.digest, descriptor: { digest: reference.digest, mediaType: '', size: 0 } };
  }
  return { kind: 'tag', key: tagKey(registry, repository, reference.tag), registry, repository, tag: { name: reference.tag } } satisfies TagNode;
}
