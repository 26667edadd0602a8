import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each file opens its own database (an in-memory PGlite, or a fresh PostgreSQL
    // database when TEST_DATABASE_URL is set), so files run in parallel safely.
    pool: 'forks',
    // A worker runs its files one after another in one module graph: the server code,
    // PGlite's WebAssembly and the schema compilers load once per worker, not once per
    // file (that was a third of the suite's time). Files share no state but the message
    // sender, which every app sets when it is built.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
