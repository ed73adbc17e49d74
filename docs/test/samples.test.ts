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

const relativeLinks = (markdown: string) =>
  Array.from(markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g), (match) => match[1] ?? "").filter((target) =>
    !/^[a-z]+:/.test(target)
  )

// A test exists only for a page that has something to check: a page without samples or links gets none, rather
// than one that passes without an assertion.
describe("documentation", () => {
  for (const page of pages) {
    const name = page.slice(root.length + 1)
    const markdown = readFileSync(page, "utf8")
    const blocks = codeBlocks(markdown)
    const links = relativeLinks(markdown)

    if (blocks.length > 0) {
      it(`${name}: every TypeScript sample is type-checked (it stands in docs/examples)`, () => {
        for (const block of blocks) {
          const sample = normalise(block)
          assert.isTrue(
            examples.some((example) => normalise(example).includes(sample)),
            `${name}: this sample is not in any docs/examples/*.ts file:\n${sample.slice(0, 300)}`
          )
        }
      })
    }

    if (links.length > 0) {
      it(`${name}: every relative link points at a file that exists`, () => {
        for (const target of links) {
          assert.isTrue(existsSync(resolve(dirname(page), target)), `${name} links to a missing ${target}`)
        }
      })
    }
  }

  it("every page has something to check: a sample or a relative link", () => {
    const checked = pages.filter((page) => {
      const markdown = readFileSync(page, "utf8")
      return codeBlocks(markdown).length > 0 || relativeLinks(markdown).length > 0
    })
    assert.isAbove(checked.length, 0)
  })
})
