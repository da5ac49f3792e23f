/**
 * A single progress line on stderr, redrawn in place; only ever created for a TTY and without --quiet.
 * It shows the stage, documents read, documents per second and, once a stage's total is known, an ETA.
 */
import type { ProgressEvent } from '../types.js';

export interface ProgressLine {
  reading(documents: number): void;
  stage(event: ProgressEvent): void;
  /** Wipes the line so a message can be written; the next update draws it again. */
  clear(): void;
  done(): void;
}

export interface ProgressState {
  stage: string;
  read: number;
  done: number;
  /** 0 while unknown (the input is still being read). */
  total: number;
  /** Milliseconds since the stage began. */
  stageMs: number;
  /** Milliseconds since the run began. */
  elapsedMs: number;
}

const REDRAW_MS = 100;
/** What a stage counts; sketching passes over each document twice. */
const UNITS: Readonly<Record<string, string>> = { sketch: 'steps', verify: 'pairs' };
// Made on first use: a NumberFormat loads ICU data (about 20 ms), which a run without progress (-q, no
// terminal) never needs.
let numberFormat: Intl.NumberFormat | undefined;
const count = {
  format: (n: number): string => (numberFormat ??= new Intl.NumberFormat('en-US')).format(n),
};

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** The text of the line; a pure function so the layout can be tested without a terminal. */
export function formatProgress(state: ProgressState): string {
  const parts = [state.stage, `${count.format(state.read)} document${state.read === 1 ? '' : 's'} read`];
  const unit = UNITS[state.stage] ?? 'documents';
  const seconds = state.stageMs / 1000;
  if (state.total > 0) {
    parts.push(`${Math.min(100, Math.floor((100 * state.done) / state.total))}% of ${count.format(state.total)} ${unit}`);
    const rate = seconds > 0 ? state.done / seconds : 0;
    if (rate > 0) parts.push(`${count.format(Math.round(rate))} ${unit}/s`, `ETA ${formatDuration((state.total - state.done) / rate)}`);
  } else {
    const rate = state.elapsedMs > 0 ? (1000 * state.read) / state.elapsedMs : 0;
    parts.push(`${count.format(Math.round(rate))} documents/s`);
  }
  return parts.join(' · ');
}

export function createProgressLine(write: (text: string) => void, now: () => number = Date.now): ProgressLine {
  const started = now();
  let last = 0;
  let drawn = false;
  const state: ProgressState = { stage: 'reading', read: 0, done: 0, total: 0, stageMs: 0, elapsedMs: 0 };
  let stageStarted = started;
  const draw = (): void => {
    const t = now();
    if (t - last < REDRAW_MS) return;
    last = t;
    drawn = true;
    state.elapsedMs = t - started;
    state.stageMs = t - stageStarted;
    write(`\r\x1b[2K${formatProgress(state)}`);
  };
  return {
    reading(documents) {
      state.read = documents;
      draw();
    },
    stage(event) {
      // While reading, analysis trails the input and has no known total yet.
      const reading = event.stage === 'analyse';
      const name = reading ? 'reading' : event.stage;
      if (name !== state.stage) {
        state.stage = name;
        stageStarted = now();
      }
      state.done = reading ? 0 : event.done;
      state.total = reading ? 0 : event.total;
      draw();
    },
    clear() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
      last = 0;
    },
    done() {
      this.clear();
    },
  };
}
