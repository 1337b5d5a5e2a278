// Byte progress on stderr, only when it is a terminal: one line redrawn at most a few times a second.
import { formatBytes } from '../registry/byteSize';
import type { ProgressEvent } from '../registry/types';

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
      stream.write(`\r\x1b[K${label} ${formatBytes(transferred)}${total !== undefined ? ` of ${formatBytes(total)}` : ''}${percent}`);
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
