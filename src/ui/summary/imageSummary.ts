// What an image is, from its manifest and config: the model behind the image summary. No vscode
// import, so it is tested alone. Every field of a config is checked before use: a registry may serve
// anything, and a missing or odd field leaves a gap in the summary rather than an error.
import * as l10n from '@vscode/l10n';
import { DOCKER_CONFIG, OCI_CONFIG } from '../../registry/mediaTypes';
import type { Descriptor, ImageManifest } from '../../registry/types';

export interface SummaryLayer { index: number; digest: string; size: number; mediaType: string }

export interface HistoryStep {
  createdBy?: string;
  created?: string;
  comment?: string;
  emptyLayer: boolean;
  /** The layer this step produced, when history and layers line up. */
  layer?: SummaryLayer;
}

export interface ImageSummary {
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
  created?: string;
  author?: string;
  entrypoint?: string[];
  command?: string[];
  env: string[];
  exposedPorts: string[];
  volumes: string[];
  labels: Array<[string, string]>;
  user?: string;
  workingDir?: string;
  stopSignal?: string;
  history: HistoryStep[];
  layers: SummaryLayer[];
  configSize: number;
  /** Config plus layers, as the registry stores them. */
  compressedSize: number;
  /** True when each step that made a layer was matched to one. */
  historyAligned: boolean;
  /** Plain statements about what could not be read or matched. */
  notes: string[];
}

type Json = Record<string, unknown>;

export function summarizeImage(manifest: ImageManifest, configBytes: Uint8Array): ImageSummary {
  const notes: string[] = [];
  const layers = (Array.isArray(manifest.layers) ? manifest.layers : []).map(layerOf);
  const configSize = sizeOf(manifest.config);
  const configType = isObject(manifest.config) && typeof manifest.config.mediaType === 'string' ? manifest.config.mediaType : '';
  if (configType && configType !== OCI_CONFIG && configType !== DOCKER_CONFIG) {
    notes.push(l10n.t('The config\'s media type is {0}: this is an artifact, not a runnable image.', configType));
  }
  const config = parseConfig(configBytes, notes);
  const run = objectAt(config, 'config') ?? {};
  const history = (arrayAt(config, 'history') ?? []).map(stepOf);
  const historyAligned = alignHistory(history, layers, notes);
  return {
    os: stringAt(config, 'os'),
    architecture: stringAt(config, 'architecture'),
    variant: stringAt(config, 'variant'),
    osVersion: stringAt(config, 'os.version'),
    created: stringAt(config, 'created'),
    author: stringAt(config, 'author'),
    entrypoint: stringsAt(run, 'Entrypoint'),
    command: stringsAt(run, 'Cmd'),
    env: stringsAt(run, 'Env') ?? [],
    exposedPorts: Object.keys(objectAt(run, 'ExposedPorts') ?? {}).sort(),
    volumes: Object.keys(objectAt(run, 'Volumes') ?? {}).sort(),
    labels: Object.entries(objectAt(run, 'Labels') ?? {})
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .sort(([a], [b]) => a.localeCompare(b)),
    user: stringAt(run, 'User') || undefined,
    workingDir: stringAt(run, 'WorkingDir') || undefined,
    stopSignal: stringAt(run, 'StopSignal') || undefined,
    history,
    layers,
    configSize,
    compressedSize: configSize + layers.reduce((total, layer) => total + layer.size, 0),
    historyAligned,
    notes,
  };
}

/**
 * Steps not marked `empty_layer` produced the layers, in order. When their count differs from the
 * number of layers no step is matched: a guess would put sizes next to the wrong commands.
 */
function alignHistory(history: HistoryStep[], layers: SummaryLayer[], notes: string[]): boolean {
  if (history.length === 0) {
    if (layers.length > 0) notes.push(l10n.t('The config has no build history.'));
    return false;
  }
  const producing = history.filter((step) => !step.emptyLayer);
  if (producing.length !== layers.length) {
    const steps = producing.length === 1 ? l10n.t('1 step makes') : l10n.t('{0} steps make', producing.length);
    const layerCount = layers.length === 1 ? l10n.t('1 layer') : l10n.t('{0} layers', layers.length);
    notes.push(l10n.t('The build history does not line up with the layers: {0} a layer, the manifest has {1}. Steps are not matched to layers.', steps, layerCount));
    return false;
  }
  producing.forEach((step, index) => { step.layer = layers[index]; });
  return true;
}

function parseConfig(bytes: Uint8Array, notes: string[]): Json {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    notes.push(l10n.t('The config is not JSON.'));
    return {};
  }
  if (!isObject(value)) {
    notes.push(l10n.t('The config is not a JSON object.'));
    return {};
  }
  return value;
}

function layerOf(descriptor: Descriptor, index: number): SummaryLayer {
  const valid = isObject(descriptor);
  return {
    index,
    digest: valid && typeof descriptor.digest === 'string' ? descriptor.digest : '',
    size: sizeOf(descriptor),
    mediaType: valid && typeof descriptor.mediaType === 'string' ? descriptor.mediaType : '',
  };
}

function stepOf(entry: unknown): HistoryStep {
  const step = isObject(entry) ? entry : {};
  return {
    createdBy: stringAt(step, 'created_by'),
    created: stringAt(step, 'created'),
    comment: stringAt(step, 'comment'),
    emptyLayer: step.empty_layer === true,
  };
}

function sizeOf(descriptor: unknown): number {
  const size = isObject(descriptor) ? descriptor.size : undefined;
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: Json, key: string): Json | undefined {
  const field = value[key];
  return isObject(field) ? field : undefined;
}

function arrayAt(value: Json, key: string): unknown[] | undefined {
  const field = value[key];
  return Array.isArray(field) ? field : undefined;
}

function stringAt(value: Json, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

function stringsAt(value: Json, key: string): string[] | undefined {
  return arrayAt(value, key)?.filter((item): item is string => typeof item === 'string');
}
