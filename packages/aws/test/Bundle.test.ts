import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import { execFile } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inputsOf, loadedAtStart } from "../../../scripts/metafile.mjs"

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
    return {
      atStart: inputsOf(result.metafile, loadedAtStart(result.metafile, entry)),
      all: inputsOf(result.metafile, Object.keys(outputs))
    }
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
        // Sessions as wire text (ProxySessionsText, its codec, the live layer's service) are bundled only by a
        // program that imports @chime-proxy/aws/AwsProxySessionsText.
        for (
          const module of [
            "core/src/ProxySessionsText.ts",
            "core/src/internal/canonicalFast.ts",
            "AwsProxySessionsText"
          ]
        ) {
          assert.isFalse(all.some((input) => input.includes(module)), `${module} is bundled`)
        }
      }),
    60_000
  )

  it.effect("AwsProxySessionsText.layerNode: the text service, over fetch: no undici", () =>
    Effect.gen(function*() {
      const { all } = yield* bundle([
        `import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"`,
        `import { ProxySessionsText } from "@chime-proxy/core"`,
        `import * as Effect from "effect/Effect"`,
        `const list = Effect.flatMap(ProxySessionsText.ProxySessionsText, (service) =>`,
        `  service.listProxySessionsText({ VoiceConnectorId: "vc" }))`,
        `Effect.runPromise(list.pipe(Effect.provide(AwsProxySessionsText.layerNode())))`
      ].join("\n"))
      assert.isFalse(all.some((input) => input.includes("node_modules/undici/")), "undici is bundled")
      assert.isTrue(all.some((input) => input.endsWith("packages/aws/src/AwsProxySessionsText.ts")))
    }), 60_000)

  it.effect("NodeHttp.layerProxySessions: node:http, without undici", () =>
    Effect.gen(function*() {
      const { all } = yield* bundle(
        program(`import * as NodeHttp from "@chime-proxy/aws/NodeHttp"`, "NodeHttp.layerProxySessions()")
      )
      assert.isFalse(all.some((input) => input.includes("node_modules/undici/")), "undici is bundled")
      assert.isTrue(all.some((input) => input.includes("@effect/platform-node/dist/esm/internal/httpClient.js")))
    }), 60_000)

  it.effect("NodeUndici.layerProxySessions: undici, at start", () =>
    Effect.gen(function*() {
      const { atStart } = yield* bundle(
        program(`import * as NodeUndici from "@chime-proxy/aws/NodeUndici"`, "NodeUndici.layerProxySessions()")
      )
      assert.isTrue(atStart.some((input) => input.includes("node_modules/undici/")))
    }), 60_000)

  it.effect(
    "bundled, the chain loads its chunk when the environment and the shared files do not serve",
    () =>
      Effect.gen(function*() {
        const outdir = mkdtempSync(join(tmpdir(), "chime-proxy-bundle-"))
        yield* Effect.promise(() =>
          esbuild.build({
            stdin: {
              contents: [
                `import { Credentials } from "@chime-proxy/aws"`,
                `import * as Effect from "effect/Effect"`,
                `const get = Effect.flatMap(Credentials.AwsCredentials, (service) => service.get)`,
                `Effect.runPromise(Effect.flip(Effect.provide(get, Credentials.layerDefaultChain())))`,
                `  .then((error) => process.stdout.write(error.message))`
              ].join("\n"),
              resolveDir: join(root, "packages", "aws", "test"),
              sourcefile: "chain.ts",
              loader: "ts"
            },
            absWorkingDir: root,
            bundle: true,
            splitting: true,
            platform: "node",
            format: "esm",
            conditions: ["@chime-proxy/source"],
            outdir,
            outExtension: { ".js": ".mjs" },
            banner: {
              js: "import { createRequire as __createRequire } from \"node:module\";" +
                "const require = __createRequire(import.meta.url);"
            },
            logLevel: "error"
          })
        )
        const env: NodeJS.ProcessEnv = {}
        for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("AWS_")) env[name] = value
        const output = yield* Effect.async<string>((resume) => {
          execFile(process.execPath, [join(outdir, "stdin.mjs")], {
            env: {
              ...env,
              AWS_CONFIG_FILE: "/dev/null",
              AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
              AWS_EC2_METADATA_DISABLED: "true"
            },
            timeout: 60_000
          }, (error, stdout, stderr) => resume(Effect.succeed(error === null ? stdout : `${error.message}${stderr}`)))
        })
        assert.match(
          output,
          /^Could not load AWS credentials \(default chain\): no provider had credentials \(fromEnv: /
        )
        assert.include(output, "fromIni: ")
      }),
    60_000
  )
})
