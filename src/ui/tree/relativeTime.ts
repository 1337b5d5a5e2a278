// "3 days ago" for a row; the exact time goes in the hover. No vscode import.

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** `time` relative to `now` in the largest whole unit ("3 days ago", "in 2 hours"), in `locale`. */
export function relativeTime(time: number, now: number, locale = 'en'): string {
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  const difference = time - now;
  const [unit, size] = UNITS.find(([, length]) => Math.abs(difference) >= length) ?? UNITS[UNITS.length - 1];
  return format.format(Math.trunc(difference / size), unit);
}
