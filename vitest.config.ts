// Tests run against the compiled output in dist/: actor kinds are imported by
// worker threads through their module URL, and Node 20 workers load only JavaScript.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['dist/test/**/*.test.js'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
