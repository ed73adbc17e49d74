import { assert, describe, it } from "@effect/vitest"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const docs = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const root = resolve(docs, "..")
const pages = [
  join(root, "README.md"),
  ...["packages", "apps"].flatMap((group) =>
    readdirSync(join(root, group))
      .map((dir) => join(root, group, dir, "README.md"))
      .filter((file) => existsSync(file))
  ),
  ...readdirSync(docs).filter((file) => file.endsWith(".md")).map((file) => join(docs, file))
]
const examples = readdirSync(join(docs, "examples"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => readFileSync(join(docs, "examples", file), "utf8"))

const normalise = (code: string) => code.split("\n").map((line) => line.trimEnd()).join("\n").trim()

const codeBlocks = (markdown: string) =>
  Array.from(markdown.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g), (match) => match[1] ?? "")

describe("documentation", () => {
  for (const page of pages) {
    const name = page.slice(root.length + 1)
    const markdown = readFileSync(page, "utf8")

    it(`${name}: every TypeScript sample is type-checked (it stands in docs/examples)`, () => {
      for (const block of codeBlocks(markdown)) {
        const sample = normalise(block)
        assert.isTrue(
          examples.some((example) => normalise(example).includes(sample)),
          `${name}: this sample is not in any docs/examples/*.ts file:\n${sample.slice(0, 300)}`
        )
      }
    })

    it(`${name}: every relative link points at a file that exists`, () => {
      for (const [, target = ""] of markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue
        assert.isTrue(existsSync(resolve(dirname(page), target)), `${name} links to a missing ${target}`)
      }
    })
  }
})
