/**
 * Every line the CLI writes to stderr goes through here: control characters escaped, the progress line
 * cleared first, and a message that repeats (the same problem on many dataset lines) shown a few times,
 * then counted, then summed up once as `… and N more like it`.
 */
import { escapeControl } from '../report/escape.js';

export const NAME = 'cluster';
/** How often a repeating problem is shown before it is only counted. */
const REPEAT_LIMIT = 5;

export interface Messages {
  /** A line shown even with --quiet (errors). */
  error(text: string): void;
  /** A line --quiet hides (warnings, skipped inputs). */
  note(text: string): void;
  /** Like note, but a message for the same kind of `reason` is shown at most `limit` times. */
  repeated(reason: string, text: string, limit?: number): void;
  /** An input left out, as `repeated` (a dataset whose every record lacks the field: once). */
  skipped(id: string, reason: string): void;
  /** A warning about an input, as `repeated`. */
  warning(id: string, message: string): void;
  /** The `… and N more like it` lines for what was held back. */
  flush(): void;
}

export interface MessagesOptions {
  write: (text: string) => void;
  quiet: boolean;
  /** What each line starts with (`cluster dedup`); default `cluster`. */
  name?: string;
  /** Clears the progress line before a message is written. */
  beforeWrite?: () => void;
}

/** Numbers (line numbers, positions) and quoted names (ids, fields, labels) differ between lines that report
 * the same problem. */
function kindOf(reason: string): string {
  return reason.replace(/"[^"]*"/g, '""').replace(/\d+/g, '#');
}

/** A reason worth showing only once per run: every record of a dataset lacks the field. */
function repeatLimit(reason: string): number {
  return reason.startsWith('no text field') ? 1 : REPEAT_LIMIT;
}

export function createMessages(options: MessagesOptions): Messages {
  const counts = new Map<string, { shown: number; held: number; limit: number; reason: string }>();
  const line = (text: string): void => {
    options.beforeWrite?.();
    options.write(`${options.name ?? NAME}: ${escapeControl(text)}\n`);
  };
  return {
    error: line,
    note(text) {
      if (!options.quiet) line(text);
    },
    repeated(reason, text, limit = REPEAT_LIMIT) {
      const kind = kindOf(reason);
      const count = counts.get(kind) ?? { shown: 0, held: 0, limit, reason };
      counts.set(kind, count);
      if (count.shown < count.limit) {
        count.shown += 1;
        this.note(text);
      } else count.held += 1;
    },
    skipped(id, reason) {
      this.repeated(reason, `${id}: ${reason} (skipped)`, repeatLimit(reason));
    },
    warning(id, message) {
      this.repeated(message, `warning: ${id}: ${message}`);
    },
    flush() {
      for (const count of counts.values()) {
        if (count.held > 0) this.note(`… and ${count.held} more like it: ${count.reason}`);
      }
      counts.clear();
    },
  };
}
