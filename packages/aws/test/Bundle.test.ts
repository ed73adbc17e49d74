import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import { join } from "node:path"

// What a program on the live layer carries, by esbuild's metafile: bundled for Node with code splitting, as the
// programs of this repository are. The chunks that the entry imports statically are what every run loads; a chunk
// reached only through import() is loaded on demand.

const root = join(import.meta.dirname, "..", "..", "..")

const program = (imports: string, layer: string) =>
  [
    imports,
    `import { ProxySessions } from "@chime-proxy/core"`,
    `import * as Effect from "effect/Effect"`,
    `Effect.runPromise(ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(Effect.provide(${layer})))`
  ].join("\n")

const bundle = (contents: string) =>
  Effect.promise(async () => {
    const result = await esbuild.build({
      stdin: { contents, resolveDir: join(root, "packages", "aws", "test"), sourcefile: "program.ts", loader: "ts" },
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      conditions: ["@chime-proxy/source"],
      outdir: join(root, "packages", "aws", "build", "bundle-test"),
      metafile: true,
      write: false,
      logLevel: "error"
    })
    const outputs = result.metafile.outputs
    const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!
    const loaded = new Set<string>()
    const visit = (path: string) => {
      if (loaded.has(path)) return
      loaded.add(path)
      for (const imported of outputs[path]!.imports) {
        if (imported.kind === "import-statement" && imported.path in outputs) visit(imported.path)
      }
    }
    visit(entry)
    const inputsOf = (paths: Iterable<string>) => [...paths].flatMap((path) => Object.keys(outputs[path]!.inputs))
    return { atStart: inputsOf(loaded), all: inputsOf(Object.keys(outputs)) }
  })

// The providers of the chain that the environment and the shared files do not need.
const onDemand = [
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
  "@aws-sdk/nested-clients"
]

describe("what a program on the live layer bundles", () => {
  it.effect(
    "AwsProxySessions.layerNode: no undici, and the chain's heavy providers only in chunks loaded on demand",
    () =>
      Effect.gen(function*() {
        const { all, atStart } = yield* bundle(
          program(`import { AwsProxySessions } from "@chime-proxy/aws"`, "AwsProxySessions.layerNode()")
        )
        assert.isFalse(all.some((input) => input.includes("node_modules/undici/")), "undici is bundled")
        for (const name of onDemand) {
          assert.isTrue(all.some((input) => input.includes(`node_modules/${name}/`)), `${name} is not bundled at all`)
          assert.isFalse(atStart.some((input) => input.includes(`node_modules/${name}/`)), `${name} loads at start`)
        }
        assert.isTrue(atStart.some((input) => input.endsWith("packages/aws/src/internal/credentials.ts")))
      }),
    60_000
  )

  it.effect("NodeUndici.layerProxySessions: undici, at start", () =>
    Effect.gen(function*() {
      const { atStart } = yield* bundle(
        program(`import * as NodeUndici from "@chime-proxy/aws/NodeUndici"`, "NodeUndici.layerProxySessions()")
      )
      assert.isTrue(atStart.some((input) => input.includes("node_modules/undici/")))
    }), 60_000)
})
