// Tests run against the compiled output in dist/: actor kinds are imported by
// worker threads through their module URL, and Node 20 workers load only JavaScript.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['dist/test/**/*.test.js'],
    // A minute of both cores each: `npm run test:scale` (vitest.scale.config.ts), once in CI.
    exclude: ['dist/test/**/*.scale.test.js'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Three on CI's two cores: many tests wait on child processes, timers and fsync, and a
    // third fork keeps the cores busy meanwhile (the serve tests: 110 s → 102 s measured).
    maxWorkers: 3,
    // Each fork runs many files in turn and keeps its module cache, so a file no longer pays for
    // importing vitest, zod, the SDK and the kernel anew (in the kernel's tests, a quarter of
    // their CPU). No test mocks a module or stubs a global, and a test that sets an environment
    // variable restores it. Worker threads and child processes load their modules afresh anyway.
    isolate: false,
  },
});
