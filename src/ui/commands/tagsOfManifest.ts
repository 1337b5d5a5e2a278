import * as vscode from 'vscode';
import type { PageCursor, RegistryService } from '../../registry/types';

/** Tags looked at when naming what a manifest delete takes with it; beyond that the list says so. */
const MAX_TAGS = 1000;
const CONCURRENT_LOOKUPS = 6;

export interface TagsOfManifest { tags: string[]; complete: boolean }

/**
 * Every tag of `repository` that points at `digest` (as far as MAX_TAGS tags): a listing's own
 * digest where it gives one, else one manifest request per tag.
 */
export async function tagsOfManifest(client: RegistryService, repository: string, digest: string, signal?: AbortSignal): Promise<TagsOfManifest> {
  const listed: Array<{ name: string; digest?: string }> = [];
  let cursor: PageCursor | undefined;
  let complete = true;
  for (;;) {
    const page = await client.listTags(repository, { pageSize: 1000, cursor, signal });
    listed.push(...page.items);
    if (!page.next) break;
    if (listed.length >= MAX_TAGS) { complete = false; break; }
    cursor = page.next;
  }
  const tags: string[] = [];
  let index = 0;
  const worker = async () => {
    while (index < listed.length) {
      const tag = listed[index++];
      const tagDigest = tag.digest ?? (await client.headManifest(repository, tag.name, { signal }).catch(() => undefined))?.digest;
      if (tagDigest === digest) tags.push(tag.name);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_LOOKUPS }, worker));
  return { tags: tags.sort(), complete };
}

/** "tags a, b and c" / "no tag", for a dialog. */
export function describeTags({ tags, complete }: TagsOfManifest): string {
  if (tags.length === 0) return complete ? vscode.l10n.t('no tag') : vscode.l10n.t('no tag among the first {0} (and maybe more: only the first tags were checked)', MAX_TAGS);
  const names = tags.length === 1 ? vscode.l10n.t('tag {0}', tags[0]) : vscode.l10n.t('tags {0} and {1}', tags.slice(0, -1).join(', '), tags[tags.length - 1]);
  return complete ? names : vscode.l10n.t('{0} (and maybe more: only the first tags were checked)', names);
}
