// The scale tests (`*.scale.test.ts`): a million durable actors populated and restarted. They
// take a minute of both cores each, so `npm test` leaves them out and CI runs them once, alone
// (`npm run test:scale`, see .ci/run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['dist/test/**/*.scale.test.js'],
    testTimeout: 300_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
