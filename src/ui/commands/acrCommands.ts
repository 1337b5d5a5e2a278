// Azure Container Registry's own operations on rows: Lock and Unlock (a repository, tag or manifest:
// writeEnabled and deleteEnabled false or true) and Delete Repository (behind a modal naming how many
// tags and manifests go). Each takes the clicked row, a multi-selection, or asks from the palette.
import * as vscode from 'vscode';
import type { AttributeTarget, RegistryService } from '../../registry/types';
import { UnsupportedError } from '../../registry/errors';
import { confirmDestructive } from '../confirm';
import { errorMessage } from '../errors';
import { hostOf, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { registryKey, repositoryKey, type TreeNode } from '../tree/nodes';
import { nodeArguments } from './nodeArgs';
import { pickRegistry, pickRepository, pickTag } from './pickers';
import { registerLogged, reportFailure } from './registerLogged';

interface Chosen { registry: RegistryConfig; target: AttributeTarget }

function targetOf(node: Extract<TreeNode, { kind: 'repository' | 'tag' | 'manifest' }>): AttributeTarget {
  switch (node.kind) {
    case 'repository': return { kind: 'repository', repository: node.repository };
    case 'tag': return { kind: 'tag', repository: node.repository, tag: node.tag.name };
    case 'manifest': return { kind: 'manifest', repository: node.repository, digest: node.descriptor.digest };
  }
}

function nameOf(registry: RegistryConfig, target: AttributeTarget): string {
  const repository = `${hostOf(registry.url)}/${target.repository}`;
  return target.kind === 'tag' ? `${repository}:${target.tag}` : target.kind === 'manifest' ? `${repository}@${target.digest}` : repository;
}

/** The palette's way to a target: registry, repository, then the repository itself or one of its tags or digests. */
async function pickTarget(services: Services, title: string): Promise<Chosen | undefined> {
  const registry = await pickRegistry(title);
  if (!registry) return undefined;
  const repository = await pickRepository(services, registry, title);
  if (!repository) return undefined;
  const whole = vscode.l10n.t('The repository {0} itself', repository);
  const what = await vscode.window.showQuickPick([whole, vscode.l10n.t('A tag or digest of it…')], { title: vscode.l10n.t('{0}: what in {1}?', title, repository) });
  if (!what) return undefined;
  if (what === whole) return { registry, target: { kind: 'repository', repository } };
  const ref = await pickTag(services, registry, repository, title);
  if (!ref) return undefined;
  return { registry, target: ref.kind === 'tag' ? { kind: 'tag', repository, tag: ref.tag } : { kind: 'manifest', repository, digest: ref.digest } };
}

async function acrClient(services: Services, registry: RegistryConfig): Promise<Required<Pick<RegistryService, 'updateAttributes' | 'getRepositoryInfo' | 'deleteRepository'>>> {
  const client = await services.clients.get(registry);
  const { updateAttributes, getRepositoryInfo, deleteRepository } = client;
  if (!updateAttributes || !getRepositoryInfo || !deleteRepository) throw new UnsupportedError(vscode.l10n.t('{0} offers no repository attributes (only Azure Container Registry does)', hostOf(registry.url)));
  return { updateAttributes: updateAttributes.bind(client), getRepositoryInfo: getRepositoryInfo.bind(client), deleteRepository: deleteRepository.bind(client) };
}

/** Draws again the rows that show the changed attributes: the registry's for a repository, the repository's for a tag or manifest. */
function refreshAround(services: Services, registry: RegistryConfig, target: AttributeTarget): void {
  const key = target.kind === 'repository' ? registryKey(registry) : repositoryKey(registry, target.repository);
  services.tree.refresh(services.tree.find(key));
}

async function setLock(services: Services, lock: boolean, clicked: unknown, selected: unknown): Promise<boolean> {
  const title = lock ? vscode.l10n.t('Lock') : vscode.l10n.t('Unlock');
  const rows = nodeArguments(clicked, selected, 'repository', 'tag', 'manifest');
  const chosen: Chosen[] = rows.length ? rows.map((row) => ({ registry: row.registry, target: targetOf(row) })) : [await pickTarget(services, title)].filter((c): c is Chosen => c !== undefined);
  if (chosen.length === 0) return false;
  const failures: string[] = [];
  for (const { registry, target } of chosen) {
    try {
      await (await acrClient(services, registry)).updateAttributes(target, { writeEnabled: !lock, deleteEnabled: !lock });
      services.log.info('acr', `${lock ? 'locked' : 'unlocked'} ${nameOf(registry, target)}`);
    } catch (error) {
      reportFailure(services.log, lock ? 'registryExplorer.lock' : 'registryExplorer.unlock', error);
      failures.push(`${nameOf(registry, target)}: ${errorMessage(error)}`);
    }
  }
  for (const { registry, target } of chosen) refreshAround(services, registry, target);
  if (failures.length) {
    void vscode.window.showErrorMessage(lock ? vscode.l10n.t('Lock failed: {0}', failures.join('; ')) : vscode.l10n.t('Unlock failed: {0}', failures.join('; ')));
    return false;
  }
  const names = chosen.map((c) => nameOf(c.registry, c.target)).join(', ');
  void vscode.window.showInformationMessage(lock ? vscode.l10n.t('Locked {0}: no push onto it and no delete until unlocked.', names) : vscode.l10n.t('Unlocked {0}.', names));
  return true;
}

async function deleteRepositories(services: Services, clicked: unknown, selected: unknown): Promise<boolean> {
  const title = vscode.l10n.t('Delete Repository');
  let rows = nodeArguments(clicked, selected, 'repository').map((row) => ({ registry: row.registry, repository: row.repository }));
  if (rows.length === 0) {
    const registry = await pickRegistry(title);
    const repository = registry && await pickRepository(services, registry, title);
    if (!registry || !repository) return false;
    rows = [{ registry, repository }];
  }
  const counted = await Promise.all(rows.map(async (row) => {
    const info = await (await acrClient(services, row.registry)).getRepositoryInfo(row.repository);
    const tags = info.tagCount ?? 0;
    const manifests = info.manifestCount ?? 0;
    return { ...row, name: `${hostOf(row.registry.url)}/${row.repository}`, line: vscode.l10n.t('{0}: {1} tags and {2} manifests', `${hostOf(row.registry.url)}/${row.repository}`, tags, manifests) };
  }));
  const question = counted.length === 1 ? vscode.l10n.t('Delete repository {0}?', counted[0].name) : vscode.l10n.t('Delete {0} repositories?', counted.length);
  const detail = `${counted.map((c) => c.line).join('\n')}\n\n${vscode.l10n.t('Every tag and manifest in it goes. This cannot be undone.')}`;
  if (!(await confirmDestructive(question, detail, title))) return false;
  const failures: string[] = [];
  for (const row of counted) {
    try {
      const deleted = await (await acrClient(services, row.registry)).deleteRepository(row.repository);
      services.log.info('delete', `repository ${row.name}: ${deleted.tagsDeleted.length} tags, ${deleted.manifestsDeleted.length} manifests`);
    } catch (error) {
      reportFailure(services.log, 'registryExplorer.deleteRepository', error);
      failures.push(`${row.name}: ${errorMessage(error)}`);
    }
  }
  for (const url of new Set(counted.map((c) => c.registry.url))) services.tree.refresh(services.tree.find(registryKey(counted.find((c) => c.registry.url === url)!.registry)));
  if (failures.length) void vscode.window.showErrorMessage(vscode.l10n.t('Delete failed: {0}', failures.join('; ')));
  return failures.length === 0;
}

export function registerAcrCommands(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, 'registryExplorer.lock', (node?: unknown, selected?: unknown) => setLock(services, true, node, selected)),
    registerLogged(services.log, 'registryExplorer.unlock', (node?: unknown, selected?: unknown) => setLock(services, false, node, selected)),
    registerLogged(services.log, 'registryExplorer.deleteRepository', (node?: unknown, selected?: unknown) => deleteRepositories(services, node, selected)),
  ];
}
