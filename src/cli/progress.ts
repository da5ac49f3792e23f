/** A single progress line on stderr, redrawn in place; only ever created for a TTY. */
import type { ProgressEvent } from '../types.js';

export interface ProgressLine {
  reading(documents: number): void;
  stage(event: ProgressEvent): void;
  done(): void;
}

const REDRAW_MS = 100;

export function createProgressLine(write: (text: string) => void, now: () => number = Date.now): ProgressLine {
  const started = now();
  let last = 0;
  let drawn = false;
  const draw = (text: string, force = false): void => {
    const t = now();
    if (!force && t - last < REDRAW_MS) return;
    last = t;
    drawn = true;
    write(`\r\x1b[2K${text}`);
  };
  return {
    reading(documents) {
      const seconds = Math.max(0.001, (now() - started) / 1000);
      draw(`reading: ${documents} documents, ${Math.round(documents / seconds)}/s`);
    },
    stage(event) {
      const share = event.total > 0 ? ` ${Math.round((100 * event.done) / event.total)}%` : '';
      draw(`${event.stage}:${share} of ${event.total} documents`);
    },
    done() {
      if (drawn) write('\r\x1b[2K');
    },
  };
}
