import * as vscode from 'vscode';
import type { TagConflictError } from '../../registry/transfers/tagManifest';
import { confirmDestructive } from '../confirm';

/** The modal before a tag is moved to another manifest: both digests named, Cancel the default. */
export function confirmMoveTag(conflict: TagConflictError): Promise<boolean> {
  return confirmDestructive(
    vscode.l10n.t('{0}:{1} already points at another manifest. Move the tag?', conflict.repository, conflict.tag),
    vscode.l10n.t('Current: {0}\nNew: {1}\nThe current manifest stays, reachable by its digest.', conflict.current, conflict.wanted),
    vscode.l10n.t('Move Tag'),
  );
}

/**
 * Runs `change`; when it refuses to move a tag, asks, and runs it again allowed to replace exactly
 * the digest the user was shown. Undefined when the user keeps the tag where it is.
 */
export async function withMoveTagQuestion<T>(change: (replacing?: string) => Promise<T>, isConflict: (error: unknown) => error is TagConflictError): Promise<T | undefined> {
  try {
    return await change();
  } catch (error) {
    if (!isConflict(error)) throw error;
    if (!(await confirmMoveTag(error))) return undefined;
    return change(error.current);
  }
}
