import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "bench/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file opens its own database; two cores run two files at a time.
    pool: "forks",
    // Import and request logs would drown the test report; warnings and errors still show.
    env: { LOG_LEVEL: "warn" },
  },
});
