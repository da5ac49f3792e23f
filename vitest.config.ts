import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end and property tests spawn the binary and run the pipeline hundreds of times; on a busy
    // 2-core CI machine the default 5 s is not a bug signal.
    testTimeout: 60_000,
  },
});
