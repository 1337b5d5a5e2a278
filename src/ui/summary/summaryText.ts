// The image summary as plain text for a read-only document: nothing in it is rendered, so a
// registry's strings can only ever show as text. Line breaks and control or direction-changing
// characters in those strings would forge lines or disguise text, so they are replaced.
import { replaceUnsafeCharacters } from '../markdown';
import { formatBytes, shortDigest } from '../tree/nodes';
import { plural, type HistoryStep, type ImageSummary } from './imageSummary';

/** Where the image came from, as the user asked for it. */
export interface SummarySubject { host: string; repository: string; reference: string; digest: string }

const MAX_VALUE_LENGTH = 1000;

/** `value` on one line, every character visible as what it is, shortened when very long. */
export function plainValue(value: string): string {
  const oneLine = replaceUnsafeCharacters(value.replace(/\r\n|[\r\n\t]/g, ' '));
  return oneLine.length > MAX_VALUE_LENGTH ? `${oneLine.slice(0, MAX_VALUE_LENGTH)}…` : oneLine;
}

export function summaryText(subject: SummarySubject, summary: ImageSummary): string {
  const out: string[] = [];
  out.push(`Image ${plainValue(`${subject.host}/${subject.repository}`)} ${plainValue(subject.reference)}`);
  out.push(`Manifest ${plainValue(subject.digest)}`, '');
  field(out, 'Platform', platformText(summary));
  field(out, 'Created', summary.created);
  field(out, 'Author', summary.author);
  field(out, 'Compressed size', `${formatBytes(summary.compressedSize)} (${summary.layers.length} ${plural(summary.layers.length, 'layer', 'layers')}, config ${formatBytes(summary.configSize)})`);
  out.push('');
  field(out, 'Entrypoint', commandText(summary.entrypoint));
  field(out, 'Command', commandText(summary.command));
  field(out, 'User', summary.user);
  field(out, 'Working directory', summary.workingDir);
  field(out, 'Stop signal', summary.stopSignal);
  section(out, 'Environment', summary.env);
  section(out, 'Exposed ports', summary.exposedPorts);
  section(out, 'Volumes', summary.volumes);
  section(out, 'Labels', summary.labels.map(([key, value]) => `${key} = ${value}`));
  out.push('', ...historyLines(summary));
  if (!summary.historyAligned) out.push('', ...layerLines(summary));
  if (summary.notes.length) out.push('', 'Notes', ...summary.notes.map((note) => `  ${note}`));
  return `${out.join('\n')}\n`;
}

function platformText(summary: ImageSummary): string | undefined {
  if (!summary.os && !summary.architecture) return undefined;
  const parts = [summary.os ?? 'unknown', summary.architecture ?? 'unknown', ...(summary.variant ? [summary.variant] : [])];
  return `${parts.join('/')}${summary.osVersion ? ` (os.version ${summary.osVersion})` : ''}`;
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
  out.push(...(values.length ? values.map((value) => `  ${plainValue(value)}`) : ['  none']));
}

function historyLines(summary: ImageSummary): string[] {
  const { history } = summary;
  if (history.length === 0) return ['Build history: none in the config'];
  const rows = history.map((step, index) => [String(index + 1), ...layerColumns(step, summary.historyAligned), stepText(step)]);
  return [`Build history (${history.length} ${plural(history.length, 'step', 'steps')})`, ...table([['Step', 'Layer', 'Size', 'Digest', 'Created by'], ...rows])];
}

function layerColumns(step: HistoryStep, aligned: boolean): [string, string, string] {
  if (step.emptyLayer) return ['empty', '-', '-'];
  if (!aligned || !step.layer) return ['?', '?', '?'];
  return [String(step.layer.index + 1), formatBytes(step.layer.size), shortDigest(plainValue(step.layer.digest))];
}

function stepText(step: HistoryStep): string {
  const text = step.createdBy ?? step.comment ?? '';
  return plainValue(text) || '(no command recorded)';
}

function layerLines(summary: ImageSummary): string[] {
  if (summary.layers.length === 0) return ['Layers: none'];
  const rows = summary.layers.map((layer) => [String(layer.index + 1), formatBytes(layer.size), shortDigest(plainValue(layer.digest)), plainValue(layer.mediaType)]);
  return [`Layers (${summary.layers.length})`, ...table([['Layer', 'Size', 'Digest', 'Media type'], ...rows])];
}

/** Columns padded to their widest cell; the last column is left ragged. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}`.trimEnd());
}
