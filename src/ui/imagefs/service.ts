// The image filesystem service (src/registry/imagefs) as the extension uses it.
import type { LayerStoreOptions } from '../../registry/imagefs/api';
import { LayerStore, type FindResult } from '../../registry/imagefs';

export { diffImageFiles, extractEntry, findFiles, globProblem, isPlainFileName, openImageFiles } from '../../registry/imagefs';
export type { GlobProblem } from '../../registry/imagefs';
export type LayerStoreLike = LayerStore;
export type FoundFile = FindResult;

export function createLayerStore(options: LayerStoreOptions): LayerStore {
  return new LayerStore(options);
}
