// The vitest configuration of a mutation run: the repository's, with only the test files of STRYKER_MODULE.
import { defineConfig } from "vitest/config"
import base from "../vitest.config.ts"
import { modules } from "./modules.mjs"

const module = modules[process.env.STRYKER_MODULE ?? ""]
if (module === undefined) throw new Error("STRYKER_MODULE names no module of stryker/modules.mjs")

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: module.tests,
    // Instrumented code runs slower: the property tests get more time than in `npm test`.
    testTimeout: 300_000,
    ...(module.testNamePattern === undefined ? {} : { testNamePattern: module.testNamePattern })
  }
})
