import type { Writable } from 'node:stream';
/** What the CLI needs of the process, passed in so tests can run main() without one. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<Uint8Array | string>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Terminal width of standard output; undefined when it is not a terminal. */
  columns: number | undefined;
  /** Where the config file search starts (default: the process's working folder). */
  cwd?: string;
  /** Aborted by Ctrl-C: stop reading, write nothing. */
  signal?: AbortSignal;
  /** Standard output as a stream, for writing bytes with backpressure (`cluster dedup`). */
  stdoutStream?: Writable;
}
