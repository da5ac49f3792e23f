import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end and property tests spawn the binary and run the pipeline hundreds of times; on a busy
    // 2-core CI machine the default 5 s is not a bug signal.
    testTimeout: 60_000,
    // Hooks build corpora and fixtures (workers.test.ts clusters 800 documents in beforeAll): the default
    // 10 s timed out at a load average of 14 on the shared machine.
    hookTimeout: 60_000,
    // Two files at a time: most of the suite waits on child processes (the built binary, PostgreSQL),
    // so one file at a time left a core idle (3.5 min against 2 min on the 2-core machine).
    maxWorkers: 2,
    // Test files share a worker's module cache: no test mocks a module or stubs a global, and importing the
    // sources again for each of the 68 files was 20 s of the suite's 375 CPU seconds (measured 209 s → 188 s).
    isolate: false,
  },
});
