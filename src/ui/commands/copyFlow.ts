// The flow Copy to… and Push Image… share: the rows it acts on, the destination dialog (registry,
// repository, tag), one copy per row with byte progress and Cancel, the tag set last (a cancelled
// copy leaves no tag), then the tree refreshed. The two differ only in their words and in whether
// referrers may come along.
import * as vscode from 'vscode';
import { validateTag } from '../../registry/reference';
import { copyImage, type CopyResult } from '../../registry/transfers/copy';
import { TagConflictError } from '../../registry/transfers/tagManifest';
import { errorMessage, isCancellation, messageOf } from '../errors';
import { displayName, hostOf, isLayout, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { manifestRef, refText, registryKey, repositoryKey, type ManifestTarget } from '../tree/nodes';
import { withMoveTagQuestion } from './moveTagQuestion';
import { nodeArgument } from './nodeArgs';
import { pickRegistry, pickRepository } from './pickers';
import { reportFailure } from './registerLogged';
import { withTransferProgress } from './transferProgress';

/** What the dialogs, notifications and the log say; each verb's module words them. */
export interface CopyWords {
  commandId: string;
  /** A row as the dialogs and notifications name it. */
  describe(target: ManifestTarget): string;
  /** The log's area. */
  logArea: string;
  registryTitle(what: string): string;
  repositoryTitle(what: string): string;
  tagTitle(what: string, repository: string): string;
  tagPrompt: string;
  progress(what: string, destination: string): string;
  cancelled(destination: string): string;
  failed(message: string): string;
  done(repository: string, registryName: string): string;
}

export interface CopyDestination {
  registry: RegistryConfig;
  repository: string;
  /** The tag for a single row (undefined: by digest); several rows keep their own tags. */
  tag?: string;
}

/** The rows to act on: the clicked one, or the whole selection when the clicked row is part of it (one registry). */
export function selectedTargets(clicked: unknown, selection: unknown): ManifestTarget[] {
  const first = nodeArgument(clicked, 'tag', 'manifest');
  if (!first) return [];
  const selected = Array.isArray(selection) ? selection.map((n) => nodeArgument(n, 'tag', 'manifest')).filter((n): n is ManifestTarget => n !== undefined) : [];
  if (selected.length < 2 || !selected.some((n) => n.key === first.key)) return [first];
  return selected.filter((n) => n.registry.url === first.registry.url);
}

/** Asks for the registry (never a layout), the repository and, for one row, the tag. */
export async function pickDestination(services: Services, targets: ManifestTarget[], what: string, words: CopyWords): Promise<CopyDestination | undefined> {
  const registry = await pickRegistry(words.registryTitle(what), (r) => !isLayout(r));
  if (!registry) return undefined;
  const repository = await pickRepository(services, registry, words.repositoryTitle(what), targets[0].repository);
  if (!repository) return undefined;
  if (targets.length > 1) return { registry, repository };
  const ref = manifestRef(targets[0]);
  const tag = await vscode.window.showInputBox({
    title: words.tagTitle(what, repository),
    prompt: words.tagPrompt,
    value: ref.kind === 'tag' ? ref.tag : '',
    validateInput: messageOf((value) => { if (value) validateTag(value); }),
  });
  if (tag === undefined) return undefined;
  return { registry, repository, tag: tag || undefined };
}

/** Copies each row in turn (stopping at the first that does not arrive); the digests that arrived. */
export async function copyTargets(services: Services, targets: ManifestTarget[], destination: CopyDestination, referrers: boolean, words: CopyWords): Promise<string[]> {
  const digests: string[] = [];
  for (const target of targets) {
    const ref = manifestRef(target);
    const tag = targets.length === 1 ? destination.tag : ref.kind === 'tag' ? ref.tag : undefined;
    const digest = await copyOne(services, target, { ...destination, tag }, referrers, words);
    if (!digest) break;
    digests.push(digest);
  }
  const { registry, repository } = destination;
  services.tree.refresh(services.tree.find(repositoryKey(registry, repository)) ?? services.tree.find(registryKey(registry)));
  if (digests.length > 0) void vscode.window.setStatusBarMessage(words.done(`${hostOf(registry.url)}/${repository}`, displayName(registry)), 5000);
  return digests;
}

/** One copy with its progress notification; undefined when it was cancelled, refused or failed (the user was told). */
async function copyOne(services: Services, target: ManifestTarget, destination: CopyDestination, referrers: boolean, words: CopyWords): Promise<string | undefined> {
  const what = words.describe(target);
  const dest = `${hostOf(destination.registry.url)}/${destination.repository}${destination.tag ? `:${destination.tag}` : ''}`;
  let result: CopyResult | undefined;
  try {
    const [source, client] = await Promise.all([services.clients.get(target.registry), services.clients.get(destination.registry)]);
    result = await withMoveTagQuestion(
      (replacing) => Promise.resolve(withTransferProgress(words.progress(what, dest), (signal, onProgress) => copyImage(
        { client: source, repository: target.repository, reference: refText(manifestRef(target)) },
        { client, repository: destination.repository, tag: destination.tag },
        {
          referrers, replacing, signal, onProgress,
          concurrency: vscode.workspace.getConfiguration('registryExplorer').get<number>('transferConcurrency'),
        },
      ))),
      (error): error is TagConflictError => error instanceof TagConflictError,
    );
  } catch (error) {
    if (isCancellation(error)) {
      services.log.info(words.logArea, `${what} → ${dest}: cancelled`);
      void vscode.window.showInformationMessage(words.cancelled(dest));
      return undefined;
    }
    reportFailure(services.log, words.commandId, error);
    void vscode.window.showErrorMessage(words.failed(errorMessage(error)));
    return undefined;
  }
  if (!result) return undefined;
  const { present, mounted, uploaded } = result.blobs;
  services.log.info(words.logArea, `${hostOf(target.registry.url)}/${what} → ${dest} @ ${result.digest}: ${result.manifests} manifest(s), ${result.referrers} referrer(s); blobs ${uploaded} streamed, ${mounted} mounted, ${present} present`);
  return result.digest;
}
