// Byte progress on stderr, only when it is a terminal: one line redrawn at most a few times a second.
import type { ProgressEvent } from '../registry/types';

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export interface ProgressLine {
  update(event: ProgressEvent): void;
  /** Ends the line, if one was drawn. */
  done(): void;
}

export function progressLine(stream: NodeJS.WritableStream, label: string): ProgressLine {
  if (!(stream as { isTTY?: boolean }).isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update({ transferred, total }) {
      const now = Date.now();
      if (now - last < 200 && transferred !== total) return;
      last = now;
      drawn = true;
      const percent = total ? ` (${Math.floor((transferred / total) * 100)}%)` : '';
      stream.write(`\r\x1b[K${label} ${bytes(transferred)}${total !== undefined ? ` of ${bytes(total)}` : ''}${percent}`);
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
