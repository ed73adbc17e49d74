// One Stryker configuration for every module of stryker/modules.mjs: STRYKER_MODULE names the module. Mutants are
// switched in place (the workspace packages import each other's sources through pnpm's links, which a sandbox copy
// would not follow); Stryker puts every file back when it ends, so nothing may be edited while it runs. Each module keeps its own incremental file, so a
// re-run tests only the mutants of changed code or changed tests.
import { modules } from "./modules.mjs"

const name = process.env.STRYKER_MODULE ?? ""
const module = modules[name]
if (module === undefined) throw new Error(`STRYKER_MODULE must be one of ${Object.keys(modules).join(", ")}`)

export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "stryker/vitest.config.mjs", related: false },
  mutate: module.mutate,
  inPlace: true,
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: `stryker/incremental/${name}.json`,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  // vitest compiles without type checks: nothing to disable, and in place this would touch every file.
  disableTypeChecks: false,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: "always"
}
