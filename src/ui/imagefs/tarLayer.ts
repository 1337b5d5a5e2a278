/** Layers the explorer can list: tar archives, compressed or not (artifact blobs are not). */
export function isTarLayer(mediaType: string): boolean {
  return /(^|[.+/])tar([.+]|$)/.test(mediaType);
}
