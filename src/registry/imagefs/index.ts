// The image filesystem service: what the explorer and the CLI use to look inside images.
export type * from './api';
export { LayerStore, DEFAULT_MAX_EXPANDED_BYTES, type LayerRequestOptions } from './layerStore';
export { CachedLayer, DEFAULT_READ_MAX_BYTES } from './cachedLayer';
export { openImageFiles, MergedImageFiles, type ImageManifestWithDigest, type OpenImageOptions } from './imageFiles';
export { diffImageFiles } from './diff';
export { findFiles, globProblem, globToRegExp, type FindQuery, type FindResult, type GlobProblem } from './find';
export { extractEntry, isPlainFileName } from './extract';
