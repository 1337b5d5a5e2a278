// Words for what Azure Container Registry tells about repositories, tags and manifests: counts,
// times, untagged manifests and the changeable attributes (locks). No vscode import (texts go through
// @vscode/l10n), so it is tested alone.
import * as l10n from '@vscode/l10n';
import type { ChangeableAttributes, ManifestInfo, RepositoryInfo } from '../../registry/types';
import { formatBytes } from '../../registry/byteSize';
import { markdownTable } from '../markdown';
import { relativeTime } from './relativeTime';
import type { Clock } from './rowText';

/** Locked when a push or a delete is refused: writeEnabled or deleteEnabled false. Unknown without attributes. */
export function lockState(attributes: ChangeableAttributes | undefined): 'locked' | 'unlocked' | undefined {
  if (!attributes) return undefined;
  return attributes.writeEnabled === false || attributes.deleteEnabled === false ? 'locked' : 'unlocked';
}

/** `.locked` / `.unlocked` for a row's context value, so Lock and Unlock show only where they apply. */
export function lockContext(attributes: ChangeableAttributes | undefined): string {
  const state = lockState(attributes);
  return state ? `.${state}` : '';
}

function timeText(time: string | undefined, clock: Clock): string {
  const parsed = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(parsed) ? '' : relativeTime(parsed, clock.now, clock.locale);
}

const lockedWord = (attributes: ChangeableAttributes | undefined): string => (lockState(attributes) === 'locked' ? l10n.t('locked') : '');

/** True when the repository's details came from ACR (counts or attributes), not from another registry's API. */
export function isAcrInfo(info: RepositoryInfo | undefined): info is RepositoryInfo {
  return info !== undefined && (info.tagCount !== undefined || info.manifestCount !== undefined || info.attributes !== undefined);
}

/** `3 tags · 4 manifests · 2 days ago · locked`; undefined when ACR told nothing. */
export function acrRepositoryDescription(info: RepositoryInfo | undefined, clock: Clock): string | undefined {
  if (!info) return undefined;
  const parts = [
    info.tagCount === undefined ? '' : info.tagCount === 1 ? l10n.t('1 tag') : l10n.t('{0} tags', info.tagCount),
    info.manifestCount === undefined ? '' : info.manifestCount === 1 ? l10n.t('1 manifest') : l10n.t('{0} manifests', info.manifestCount),
    timeText(info.lastUpdatedOn, clock),
    lockedWord(info.attributes),
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}

/** An untagged manifest's row: `1.2 MB · 3 days ago · linux/amd64 · locked`. */
export function untaggedDescription(info: ManifestInfo, clock: Clock): string {
  const platform = info.os && info.architecture ? `${info.os}/${info.architecture}` : '';
  return [formatBytes(info.size), timeText(info.lastUpdatedOn ?? info.createdOn, clock), platform, lockedWord(info.attributes)].filter(Boolean).join(' · ');
}

const enabledText = (value: boolean | undefined): string | undefined => (value === undefined ? undefined : value ? l10n.t('enabled') : l10n.t('disabled'));

/** Hover rows for the four attributes, with what each one stops. */
export function attributeRows(attributes: ChangeableAttributes | undefined): Array<[string, string | undefined]> {
  if (!attributes) return [];
  return [
    [l10n.t('Write (push onto it)'), enabledText(attributes.writeEnabled)],
    [l10n.t('Delete'), enabledText(attributes.deleteEnabled)],
    [l10n.t('List'), enabledText(attributes.listEnabled)],
    [l10n.t('Read (pull)'), enabledText(attributes.readEnabled)],
  ];
}

/** The hover of a repository row on ACR: counts, times and attributes. */
export function acrRepositoryTooltip(info: RepositoryInfo): string {
  return markdownTable(info.name, [
    [l10n.t('Tags'), info.tagCount],
    [l10n.t('Manifests'), info.manifestCount],
    [l10n.t('Created'), info.createdOn],
    [l10n.t('Last updated'), info.lastUpdatedOn],
    ...attributeRows(info.attributes),
  ]);
}

/** Hover rows of an untagged manifest beyond its descriptor. */
export function untaggedRows(info: ManifestInfo): Array<[string, string | number | undefined]> {
  return [
    [l10n.t('Platform'), info.os && info.architecture ? `${info.os}/${info.architecture}` : undefined],
    [l10n.t('Image size'), info.size === undefined ? undefined : l10n.t('{0} bytes', info.size)],
    [l10n.t('Created'), info.createdOn],
    [l10n.t('Last updated'), info.lastUpdatedOn],
    ...attributeRows(info.attributes),
  ];
}
