import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/e2e: the staff console in Debian's Chromium (playwright-core), part of `npm test` and so of CI.
    include: ['test/**/*.test.ts', 'test/e2e/**/*.test.ts', 'web/console/src/**/*.test.{ts,tsx}'],
    // A 1,000-request surge against the local runtime: minutes on a loaded 2-core CI machine. Run it on its own:
    // npx vitest run --dir test/integration concurrent-registrations (see README, Operate).
    exclude: ['**/node_modules/**', ...(process.env.CI ? ['test/integration/concurrent-registrations.test.ts'] : [])],
    globalSetup: ['test/temp-dirs.ts'],
    // The functions' JSON log lines stay out of the output (SHOW_FUNCTION_LOGS=1 shows them).
    setupFiles: ['test/quiet-function-logs.ts'],
    // Integration tests start local servers (DynamoDB Local is a JVM); give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Node 20 is pinned on purpose; the SDK's Node 22 notice is known (see local/quiet-sdk.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxWorkers: 2,
  },
});
