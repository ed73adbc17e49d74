/**
 * The READMEs' `npm install` commands, as users copy them: npm's `latest` of `effect` and `@effect/*` is Effect 4,
 * which the packages do not run on, so each command names its Effect packages with a range, and the range is one of
 * the peer ranges the packages of the same command declare (their package.json is the one source of those ranges).
 */
import { assert, describe, it } from "@effect/vitest"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

const readmes = [
  "README.md",
  ...readdirSync(join(root, "packages")).map((dir) => join("packages", dir, "README.md"))
].filter((file) => existsSync(join(root, file)))

// The peer ranges of each workspace package, by its npm name.
const peers = new Map(
  readdirSync(join(root, "packages")).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as {
      readonly name: string
      readonly peerDependencies?: Readonly<Record<string, string>>
    }
    return [manifest.name, manifest.peerDependencies ?? {}] as const
  })
)

// `name@range` (quoted or not) into its name and range; a scoped name keeps its first `@`.
const parseSpec = (word: string): { readonly name: string; readonly range: string | undefined } => {
  const spec = word.replace(/^["']|["']$/g, "")
  const at = spec.indexOf("@", 1)
  return at === -1 ? { name: spec, range: undefined } : { name: spec.slice(0, at), range: spec.slice(at + 1) }
}

const installCommands = readmes.flatMap((file) =>
  readFileSync(join(root, file), "utf8").split("\n")
    .filter((line) => line.startsWith("npm install @chime-proxy/"))
    .map((line) => ({ file, specs: line.slice("npm install ".length).trim().split(/\s+/).map(parseSpec) }))
)

describe("the READMEs' install commands", () => {
  it("are there to check", () => {
    assert.isAtLeast(installCommands.length, 5)
  })

  for (const { file, specs } of installCommands) {
    it(`${file}: ${specs.map((spec) => spec.name).join(" ")}`, () => {
      const ours = specs.filter((spec) => spec.name.startsWith("@chime-proxy/"))
      for (const spec of specs.filter((spec) => spec.name === "effect" || spec.name.startsWith("@effect/"))) {
        assert.isDefined(spec.range, `${spec.name} without a range installs Effect 4`)
        for (const package_ of ours) {
          const declared = peers.get(package_.name)?.[spec.name]
          if (declared === undefined) continue
          const ranges = declared.split("||").map((range) => range.trim())
          assert.include(ranges, spec.range, `${spec.name}'s range is one of ${package_.name}'s peer ranges`)
        }
      }
    })
  }
})
