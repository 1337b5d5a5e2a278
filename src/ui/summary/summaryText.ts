// The image summary as plain text for a read-only document: nothing in it is rendered, so a
// registry's strings can only ever show as text. Line breaks and control or direction-changing
// characters in those strings would forge lines or disguise text, so they are replaced. Words go
// through @vscode/l10n: this module stays free of vscode, so it is unit-tested alone.
import * as l10n from '@vscode/l10n';
import { replaceUnsafeCharacters } from '../markdown';
import { formatBytes } from '../../registry/byteSize';
import { shortDigest } from '../tree/nodes';
import type { HistoryStep, ImageSummary } from './imageSummary';

/** Where the image came from, as the user asked for it; `reference` is ":tag" or "@digest". */
export interface SummarySubject { host: string; repository: string; reference: string; digest: string }

const MAX_VALUE_LENGTH = 1000;

/** `value` on one line, every character visible as what it is, shortened when very long. */
export function plainValue(value: string): string {
  const oneLine = replaceUnsafeCharacters(value.replace(/\r\n|[\r\n\t]/g, ' '));
  return oneLine.length > MAX_VALUE_LENGTH ? `${oneLine.slice(0, MAX_VALUE_LENGTH)}…` : oneLine;
}

export function summaryText(subject: SummarySubject, summary: ImageSummary): string {
  const out: string[] = [];
  out.push(l10n.t('Image {0}', plainValue(`${subject.host}/${subject.repository}${subject.reference}`)));
  out.push(l10n.t('Manifest {0}', plainValue(subject.digest)), '');
  field(out, l10n.t('Platform'), platformText(summary));
  field(out, l10n.t('Created'), summary.created);
  field(out, l10n.t('Author'), summary.author);
  const layerCount = summary.layers.length;
  field(out, l10n.t('Compressed size'), layerCount === 1
    ? l10n.t('{0} (1 layer, config {1})', formatBytes(summary.compressedSize), formatBytes(summary.configSize))
    : l10n.t('{0} ({1} layers, config {2})', formatBytes(summary.compressedSize), layerCount, formatBytes(summary.configSize)));
  out.push('');
  field(out, l10n.t('Entrypoint'), commandText(summary.entrypoint));
  field(out, l10n.t('Command'), commandText(summary.command));
  field(out, l10n.t('User'), summary.user);
  field(out, l10n.t('Working directory'), summary.workingDir);
  field(out, l10n.t('Stop signal'), summary.stopSignal);
  section(out, l10n.t('Environment'), summary.env);
  section(out, l10n.t('Exposed ports'), summary.exposedPorts);
  section(out, l10n.t('Volumes'), summary.volumes);
  section(out, l10n.t('Labels'), summary.labels.map(([key, value]) => `${key} = ${value}`));
  out.push('', ...historyLines(summary));
  if (!summary.historyAligned) out.push('', ...layerLines(summary));
  if (summary.notes.length) out.push('', l10n.t('Notes'), ...summary.notes.map((note) => `  ${note}`));
  return `${out.join('\n')}\n`;
}

function platformText(summary: ImageSummary): string | undefined {
  if (!summary.os && !summary.architecture) return undefined;
  const parts = [summary.os ?? l10n.t('unknown'), summary.architecture ?? l10n.t('unknown'), ...(summary.variant ? [summary.variant] : [])];
  return summary.osVersion ? l10n.t('{0} (os.version {1})', parts.join('/'), summary.osVersion) : parts.join('/');
}

/** JSON array form, as a Dockerfile's exec form writes it; each element cleaned first. */
function commandText(parts: string[] | undefined): string | undefined {
  return parts && parts.length ? JSON.stringify(parts.map(plainValue)) : undefined;
}

function field(out: string[], name: string, value: string | undefined): void {
  if (value) out.push(`${`${name}:`.padEnd(19)} ${plainValue(value)}`);
}

function section(out: string[], title: string, values: string[]): void {
  out.push('', `${title} (${values.length})`);
  out.push(...(values.length ? values.map((value) => `  ${plainValue(value)}`) : [`  ${l10n.t('none')}`]));
}

function historyLines(summary: ImageSummary): string[] {
  const { history } = summary;
  if (history.length === 0) return [l10n.t('Build history: none in the config')];
  const rows = history.map((step, index) => [String(index + 1), ...layerColumns(step, summary.historyAligned), stepText(step)]);
  const title = history.length === 1 ? l10n.t('Build history (1 step)') : l10n.t('Build history ({0} steps)', history.length);
  return [title, ...table([[l10n.t('Step'), l10n.t('Layer'), l10n.t('Size'), l10n.t('Digest'), l10n.t('Created by')], ...rows])];
}

function layerColumns(step: HistoryStep, aligned: boolean): [string, string, string] {
  if (step.emptyLayer) return [l10n.t('empty'), '-', '-'];
  if (!aligned || !step.layer) return ['?', '?', '?'];
  return [String(step.layer.index + 1), formatBytes(step.layer.size), shortDigest(plainValue(step.layer.digest))];
}

function stepText(step: HistoryStep): string {
  const text = step.createdBy ?? step.comment ?? '';
  return plainValue(text) || l10n.t('(no command recorded)');
}

function layerLines(summary: ImageSummary): string[] {
  if (summary.layers.length === 0) return [l10n.t('Layers: none')];
  const rows = summary.layers.map((layer) => [String(layer.index + 1), formatBytes(layer.size), shortDigest(plainValue(layer.digest)), plainValue(layer.mediaType)]);
  return [l10n.t('Layers ({0})', summary.layers.length), ...table([[l10n.t('Layer'), l10n.t('Size'), l10n.t('Digest'), l10n.t('Media type')], ...rows])];
}

/** Columns padded to their widest cell; the last column is left ragged. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}`.trimEnd());
}
