import { defineConfig } from 'vitest/config';

// The pure core: no database, SMTP, network or child process. `npm run test:unit` runs these in seconds.
const unit = [
  'test/digest/**/*.test.ts',
  'test/match/**/*.test.ts',
  'test/render/**/*.test.ts',
  'test/delivery/classify-smtp-error.test.ts',
  'test/delivery/decide-failure.test.ts',
  'test/mail/compose-message.test.ts',
  'test/codebase-health.test.ts',
];
// Real browsers and real `paperboy` processes (crash tests, workers, the daemon).
const e2e = [
  'test/e2e/**/*.test.ts',
  'test/**/*browser*.test.ts',
  'test/delivery/send-run.test.ts',
  'test/delivery/worker.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites spin up SMTP servers, databases and child processes; two cores are all we have.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: unit, exclude: ['test/**/*browser*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...unit, ...e2e],
          globalSetup: ['test/setup/find-postgres.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          globalSetup: ['test/setup/find-postgres.ts', 'test/setup/build-dist.ts'],
        },
      },
    ],
  },
});
