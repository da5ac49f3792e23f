/** Runs the CLI's main() in this process with a fake io: the tests that need no real process spawn none. */
import { main, type CliIo } from '../src/cli/main.js';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function* bytesOf(input: string | Buffer): AsyncGenerator<Uint8Array> {
  yield typeof input === 'string' ? Buffer.from(input) : input;
}

/** `signal` stands for Ctrl-C: abort it with `new Interrupted('SIGINT')`, as the binary does. */
export async function runMain(args: readonly string[], stdin: string | Buffer = '', signal?: AbortSignal): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: bytesOf(stdin),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: '1' },
    columns: undefined,
    ...(signal !== undefined ? { signal } : {}),
  };
  const code = await main([...args], io);
  return { code, stdout, stderr };
}
