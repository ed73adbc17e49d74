import { defineConfig } from "vitest/config"

// Inside the workspace, every package resolves to its TypeScript sources: their exports carry the sources under this
// condition, and their built dist/ under the standard ones (see docs/decisions.md). The rest are vitest's own defaults,
// which setting the option replaces: Vite's server conditions without "module" (which would pick bundler-only builds
// of dependencies that Node then fails to load).
const conditions = ["@chime-proxy/source", "node", "development|production"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "bench/test/**/*.test.ts",
      "docs/test/**/*.test.ts",
      "scripts/test/**/*.test.ts"
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
