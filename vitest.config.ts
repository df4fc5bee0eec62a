import { defineConfig } from 'vitest/config';

// One suite, two engines: embedded PGlite by default; a real server when TEST_DATABASE_URL is set
// (postgres://postgres@127.0.0.1:5432/postgres). Each test file gets its own migrated database.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/api/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    // Fails a file whose code queues a query on a busy connection (pg's deprecation warning).
    setupFiles: ['test/helpers/no-queued-queries.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // The AWS SDK's notice that its releases from 2027 want Node 22 (S3PhotoStore): the suite runs on Node 20 too.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
