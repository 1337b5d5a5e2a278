import * as l10n from '@vscode/l10n';
import type { EntryType, LayerEntry } from '../../registry/imagefs/api';
import { formatBytes } from '../../registry/byteSize';
import { replaceUnsafeCharacters } from '../markdown';
import type { LayerRow } from './layerFiles';

const TYPE_LETTER: Record<EntryType, string> = { file: '-', directory: 'd', symlink: 'l', hardlink: 'h', charDevice: 'c', blockDevice: 'b', fifo: 'p' };

/** `drwxr-xr-x`, with s/S and t/T for setuid, setgid and sticky, as `ls -l` writes them. */
export function modeText(type: EntryType, mode: number): string {
  const bit = (mask: number, letter: string) => (mode & mask ? letter : '-');
  const special = (exec: number, flag: number, on: string) => (mode & flag ? (mode & exec ? on : on.toUpperCase()) : bit(exec, 'x'));
  return TYPE_LETTER[type]
    + bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's')
    + bit(0o040, 'r') + bit(0o020, 'w') + special(0o010, 0o2000, 's')
    + bit(0o004, 'r') + bit(0o002, 'w') + special(0o001, 0o1000, 't');
}

export function ownerText(entry: Pick<LayerEntry, 'uid' | 'gid' | 'uname' | 'gname'>): string {
  return `${entry.uname || entry.uid}:${entry.gname || entry.gid}`;
}

/** The row's name: the last part of its path (an opaque marker shows as the marker it was in the tar). */
export function rowLabel(row: LayerRow): string {
  if ('whiteout' in row && row.whiteout === 'opaque') return '.wh..wh..opq';
  return replaceUnsafeCharacters(row.path.slice(row.path.lastIndexOf('/') + 1));
}

/** One line: size, mode, owner, link target, whiteout marks and any warning; control characters replaced. */
export function rowDescription(row: LayerRow): string {
  return replaceUnsafeCharacters(describe(row));
}

function describe(row: LayerRow): string {
  if ('implied' in row) return l10n.t('directory not listed in this layer');
  if (row.whiteout === 'file') return l10n.t('whiteout: deletes /{0} of the layers below', row.path);
  if (row.whiteout === 'opaque') return l10n.t('opaque: hides what the layers below hold in /{0}', row.path);
  const parts: string[] = [];
  if (row.type === 'file') parts.push(formatBytes(row.size));
  if (row.type === 'symlink') parts.push(`→ ${row.linkTarget ?? ''}`);
  if (row.type === 'hardlink') parts.push(l10n.t('hard link to /{0}', row.linkTarget ?? ''));
  parts.push(modeText(row.type, row.mode), ownerText(row));
  if (row.warning) parts.push(`⚠ ${row.warning}`);
  return parts.join(' · ');
}

/** The hover: every field, as plain text, one line each. */
export function rowTooltip(row: LayerRow): string {
  if ('implied' in row) return [`/${row.path}`, describe(row)].map(replaceUnsafeCharacters).join('\n');
  const lines = [`/${row.path}`];
  if (row.rawName !== undefined) lines.push(l10n.t('Name in the tar: {0}', row.rawName));
  lines.push(l10n.t('Type: {0}', row.type), l10n.t('Size: {0} bytes', row.size), l10n.t('Mode: {0} ({1})', modeText(row.type, row.mode), (row.mode & 0o7777).toString(8).padStart(4, '0')));
  lines.push(l10n.t('Owner: {0}', ownerText(row)));
  if (row.mtime !== undefined) lines.push(l10n.t('Modified: {0}', new Date(row.mtime).toISOString()));
  if (row.linkTarget !== undefined) lines.push(l10n.t('Link target: {0}', row.linkTarget));
  if (row.whiteout) lines.push(describe(row));
  if (row.warning) lines.push(l10n.t('Warning: {0}', row.warning));
  return lines.map(replaceUnsafeCharacters).join('\n');
}
