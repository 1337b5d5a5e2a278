/** A byte count in decimal units (as registries and `docker images` show sizes): `12.3 MB`. */
export function formatBytes(size: number | undefined): string {
  if (size === undefined || !Number.isFinite(size)) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
