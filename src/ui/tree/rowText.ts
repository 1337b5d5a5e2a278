// The words of a tag or manifest row once its manifest is known: a short description
// (`image · 12.3 MB · 3 days ago · sha256:1a2b3c4d`) and the full hover. No vscode import (texts go
// through @vscode/l10n, which the extension hands VS Code's bundle), so it is tested alone.
import * as l10n from '@vscode/l10n';
import type { ManifestKindInfo } from '../../registry/artifactKinds';
import type { RepositoryInfo, TagInfo } from '../../registry/types';
import { markdownTable } from '../markdown';
import { formatBytes } from '../../registry/byteSize';
import { shortDigest } from './nodes';
import { relativeTime } from './relativeTime';
import { attributeRows } from './acrText';
import { chooseCreated, summarizeSizes, type CreatedTime, type ManifestDetails } from './tagDetails';

/** When "now" is and how to say times ("3 days ago") in the display language. */
export interface Clock { now: number; locale: string }

/** Hex digits of a digest shown in a row; the hover has the whole digest. */
const ROW_DIGEST_HEX = 8;

export function kindText(kind: ManifestKindInfo): string {
  switch (kind.kind) {
    case 'image': return l10n.t('image');
    case 'index': return kind.platforms === 1 ? l10n.t('index · 1 platform') : l10n.t('index · {0} platforms', kind.platforms);
    case 'artifact': return kind.label;
  }
}

/** An image's size; an index's smallest–largest platform (one value when they are equal). */
export function sizeText(details: ManifestDetails): string {
  if (details.size !== undefined) return formatBytes(details.size);
  const sizes = summarizeSizes(details.platformSizes);
  if (!sizes) return '';
  return sizes.smallest === sizes.largest ? formatBytes(sizes.smallest) : `${formatBytes(sizes.smallest)}–${formatBytes(sizes.largest)}`;
}

function timeText(created: CreatedTime | undefined, clock: Clock): string {
  return created ? relativeTime(Date.parse(created.time), clock.now, clock.locale) : '';
}

/** `= latest` or `= latest +2` for a tag whose manifest other loaded tags point at too. */
function sharedText(sameAs: readonly string[]): string {
  if (sameAs.length === 0) return '';
  return sameAs.length === 1 ? `= ${sameAs[0]}` : `= ${sameAs[0]} +${sameAs.length - 1}`;
}

export function tagDescription(tag: TagInfo, details: ManifestDetails | undefined, sameAs: readonly string[], clock: Clock): string | undefined {
  const digest = details?.digest ?? tag.digest;
  const parts = [
    details ? kindText(details.kind) : '',
    details ? sizeText(details) : formatBytes(tag.size),
    timeText(chooseCreated(tag, details), clock),
    digest ? shortDigest(digest, ROW_DIGEST_HEX) : '',
    sharedText(sameAs),
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}

/** A platform or referrer row: the image size of that manifest (not the manifest document's size). */
export function manifestDescription(label: string, digest: string, details: ManifestDetails | undefined, fallbackKind: string): string {
  const kind = details ? kindText(details.kind) : fallbackKind;
  return [kind === label ? '' : kind, details ? sizeText(details) : '', shortDigest(digest, ROW_DIGEST_HEX)].filter(Boolean).join(' · ');
}

function createdSourceText(created: CreatedTime): string {
  switch (created.source) {
    case 'registry': return l10n.t('from the registry\'s tag listing');
    case 'config': return l10n.t('from the image config');
    case 'annotation': return l10n.t('from the annotation org.opencontainers.image.created');
  }
}

function sizeRows(details: ManifestDetails): Array<[string, string | undefined]> {
  if (details.size !== undefined) {
    return [[l10n.t('Size'), l10n.t('{0} ({1} bytes): config and layers as stored, compressed', formatBytes(details.size), details.size)]];
  }
  const sizes = summarizeSizes(details.platformSizes);
  if (!sizes) return [];
  return [
    [l10n.t('Size'), l10n.t('{0} per platform: its config and layers, compressed', sizeText(details))],
    ...(details.platformSizes ?? []).map((p): [string, string] => [`  ${p.platform}`, formatBytes(p.size)]),
    [l10n.t('All platforms'), l10n.t('{0} together', formatBytes(sizes.total))],
  ];
}

/** The full hover of a tag or manifest row; `title` is `repository:tag` or the manifest's label. */
export function detailsTooltip(
  title: string, tag: TagInfo | undefined, details: ManifestDetails | undefined, sameAs: readonly string[], clock: Clock, missing?: string,
): string {
  const created = chooseCreated(tag, details);
  const kind = details?.kind;
  return markdownTable(title, [
    [l10n.t('Kind'), kind ? kindText(kind) : undefined],
    [l10n.t('Artifact type'), kind?.kind === 'artifact' && kind.artifactType !== kind.label ? kind.artifactType : undefined],
    [l10n.t('Digest'), details?.digest ?? tag?.digest],
    [l10n.t('Type'), details?.mediaType],
    ...(details ? sizeRows(details) : tag?.size !== undefined ? [[l10n.t('Size'), l10n.t('{0} ({1} bytes), as the registry\'s tag listing states', formatBytes(tag.size), tag.size)] as [string, string]] : []),
    [l10n.t('Created'), created ? `${new Date(Date.parse(created.time)).toISOString()} · ${timeText(created, clock)} · ${createdSourceText(created)}` : undefined],
    [l10n.t('Tagged'), tag?.createdOn && tag.createdOn !== created?.time ? tag.createdOn : undefined],
    [l10n.t('Last pulled'), tag?.lastPulledOn],
    [l10n.t('Tags'), tag && sameAs.length > 0 ? [tag.name, ...sameAs].join(', ') : undefined],
    ...attributeRows(tag?.attributes),
    [l10n.t('Details'), details ? undefined : missing],
  ]);
}

/** `private · 4,321 pulls · 2 days ago` for a repository whose registry lists such details (Docker Hub). */
export function repositoryDescription(info: RepositoryInfo | undefined, clock: Clock): string | undefined {
  if (!info) return undefined;
  const parts = [
    info.isPrivate ? l10n.t('private') : '',
    info.pullCount !== undefined ? (info.pullCount === 1 ? l10n.t('1 pull') : l10n.t('{0} pulls', info.pullCount.toLocaleString(clock.locale))) : '',
    info.lastUpdatedOn ? relativeTime(Date.parse(info.lastUpdatedOn), clock.now, clock.locale) : '',
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}

/** The repository's hover: its description (plain text) and what the listing says. */
export function repositoryTooltip(name: string, info: RepositoryInfo): string {
  return markdownTable(name, [
    [l10n.t('Description'), info.description],
    [l10n.t('Owner'), info.owner],
    [l10n.t('Visibility'), info.isPrivate === undefined ? undefined : info.isPrivate ? l10n.t('private') : l10n.t('public')],
    [l10n.t('Pulls'), info.pullCount?.toString()],
    [l10n.t('Stars'), info.starCount?.toString()],
    [l10n.t('Last updated'), info.lastUpdatedOn],
    [l10n.t('Storage'), info.size === undefined ? undefined : formatBytes(info.size)],
  ]);
}
