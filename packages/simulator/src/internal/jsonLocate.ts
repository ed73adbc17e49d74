/**
 * Where a JSON text goes wrong: `JSON.parse` says that it does (and, on Node 20, not always where), this says where,
 * as a line, a column and the path of the value being read, so that a truncated or malformed fixture is reported at
 * its place in the document. It only runs after `JSON.parse` has failed, and keeps its own stack, so that no depth of
 * nesting can overflow the call stack.
 */

/** A syntax error: its offset (in UTF-16 code units), line and column (from 1), and the path being read. */
export interface SyntaxProblem {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly path: ReadonlyArray<string | number>
  readonly reason: string
}

interface Frame {
  readonly kind: "object" | "array"
  key: string | number
  /** What comes next in the container. */
  state: "first" | "key" | "colon" | "value" | "comma"
}

const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d])
const literalPattern = /true|false|null/y
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// eslint-disable-next-line no-control-regex
const stringPattern = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

const matchAt = (pattern: RegExp, text: string, at: number): string | undefined => {
  pattern.lastIndex = at
  return pattern.exec(text)?.[0]
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export const locate = (text: string): SyntaxProblem | undefined => {
  const stack: Array<Frame> = []
  let at = 0
  let done = false
  const fail = (reason: string): SyntaxProblem => {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        line++
        lineStart = i + 1
      }
    }
    return { offset: at, line, column: at - lineStart + 1, path: stack.map((frame) => frame.key), reason }
  }
  const found = () => at >= text.length ? "the end of the input" : `'${text[at] === "\n" ? "\\n" : text[at]}'`
  const skip = () => {
    while (at < text.length && whitespace.has(text.charCodeAt(at))) at++
  }
  // Reads one scalar, or opens a container; a problem when the text is not a value here.
  const value = (): SyntaxProblem | undefined => {
    const char = text[at]
    if (char === "{") {
      stack.push({ kind: "object", key: "", state: "first" })
      at++
      return undefined
    }
    if (char === "[") {
      stack.push({ kind: "array", key: 0, state: "first" })
      at++
      return undefined
    }
    const match = char === "\""
      ? matchAt(stringPattern, text, at)
      : (matchAt(literalPattern, text, at) ?? matchAt(numberPattern, text, at))
    if (match === undefined) {
      return fail(char === "\"" ? "unterminated or invalid string" : `expected a value, found ${found()}`)
    }
    at += match.length
    afterValue()
    return undefined
  }
  const afterValue = () => {
    const top = stack[stack.length - 1]
    if (top === undefined) done = true
    else top.state = "comma"
  }
  const closeContainer = () => {
    stack.pop()
    at++
    afterValue()
  }
  while (true) {
    skip()
    if (done) return at < text.length ? fail(`unexpected ${found()} after the document`) : undefined
    const top = stack[stack.length - 1]
    if (top === undefined) {
      const problem = value()
      if (problem !== undefined) return problem
      continue
    }
    if (at >= text.length) return fail("the input ends here: it is truncated")
    const char = text[at]
    if (top.kind === "array") {
      if (top.state === "first" && char === "]") {
        closeContainer()
      } else if (top.state === "comma") {
        if (char === "]") closeContainer()
        else if (char === ",") {
          at++
          top.key = (top.key as number) + 1
          top.state = "value"
        } else return fail(`expected ',' or ']', found ${found()}`)
      } else {
        const problem = value()
        if (problem !== undefined) return problem
      }
      continue
    }
    switch (top.state) {
      case "first":
      case "key": {
        if (top.state === "first" && char === "}") {
          closeContainer()
          break
        }
        const match = char === "\"" ? matchAt(stringPattern, text, at) : undefined
        if (match === undefined) return fail(`expected a member name in quotes, found ${found()}`)
        top.key = JSON.parse(match) as string
        at += match.length
        top.state = "colon"
        break
      }
      case "colon": {
        if (char !== ":") return fail(`expected ':', found ${found()}`)
        at++
        top.state = "value"
        break
      }
      case "value": {
        const problem = value()
        if (problem !== undefined) return problem
        break
      }
      case "comma": {
        if (char === "}") closeContainer()
        else if (char === ",") {
          at++
          top.state = "key"
        } else return fail(`expected ',' or '}', found ${found()}`)
        break
      }
    }
  }
}
