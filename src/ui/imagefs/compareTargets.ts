import * as vscode from 'vscode';
import { offeredTags, pickManifestTarget } from '../commands/pickers';
import type { Services } from '../services';
import { tagKey, type ManifestTarget, type TagNode } from '../tree/nodes';

/** The row a comparison starts from is compared with one of its repository's other tags, or anything else picked. */
export async function pickOtherTarget(services: Services, first: ManifestTarget, firstText: string): Promise<ManifestTarget | undefined> {
  const title = vscode.l10n.t('Compare {0} with…', firstText);
  const client = await services.clients.get(first.registry);
  const tags = await client.listTags(first.repository, { pageSize: 200 }).then((page) => page.items, () => []);
  const own = first.kind === 'tag' ? first.tag.name : undefined;
  const elsewhere = { label: `$(repo) ${vscode.l10n.t('Another tag, repository or registry…')}`, elsewhere: true };
  const picked = await vscode.window.showQuickPick(
    [...offeredTags(tags).filter((tag) => tag.name !== own).map((tag) => ({ label: tag.name, description: tag.digest, elsewhere: false })), elsewhere],
    { title, placeHolder: vscode.l10n.t('Tag of {0}', first.repository) },
  );
  if (!picked) return undefined;
  if (picked.elsewhere) return pickManifestTarget(services, title);
  return { kind: 'tag', key: tagKey(first.registry, first.repository, picked.label), registry: first.registry, repository: first.repository, tag: { name: picked.label } } satisfies TagNode;
}

/** `repository:tag` or `repository@sha256:abcdef123456` (a platform row adds its platform). */
export function targetText(target: ManifestTarget): string {
  if (target.kind === 'tag') return `${target.repository}:${target.tag.name}`;
  const hex = target.descriptor.digest.split(':')[1]?.slice(0, 12) ?? target.descriptor.digest;
  return target.label !== target.descriptor.digest ? `${target.repository}@${hex} (${target.label})` : `${target.repository}@${hex}`;
}
