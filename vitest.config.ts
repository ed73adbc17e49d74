import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "bench/test/**/*.test.ts",
      "docs/test/**/*.test.ts"
    ],
    env: {
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLETESTONLY",
      AWS_SECRET_ACCESS_KEY: "test-secret-never-used-against-aws",
      AWS_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null"
    },
    setupFiles: ["scripts/assertions.mjs"],
    // `npm test` runs with --coverage: line and branch coverage of the sources of every package and app (the code
    // run inside the test processes; programs spawned as child processes are not measured), per package in
    // coverage/packages.txt (scripts/coverage-summary.mjs).
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts", "apps/*/src/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      reportOnFailure: true
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    sequence: { concurrent: false }
  }
})
