/**
 * A table made to fit a width: columns are shortened (cut with `…`) or left out, the least useful first, by a list
 * of steps, and what was done is said in a note, so that the reader knows the table is not the whole data.
 *
 * @since 0.1.0
 */

/**
 * A column: its title and its cells.
 *
 * @since 0.1.0
 * @category models
 */
export interface Column {
  readonly title: string
  readonly cells: ReadonlyArray<string>
}

/**
 * One step towards the width: shorten a column to no less than `min` characters (only as much as needed), give it
 * a shorter form (`compact`, e.g. a timestamp to the minute), or leave it out. A title is cut as its cells are.
 *
 * @since 0.1.0
 * @category models
 */
export type Step =
  | { readonly _tag: "Shorten"; readonly title: string; readonly min: number }
  | { readonly _tag: "Compact"; readonly title: string; readonly compact: (cell: string) => string }
  | { readonly _tag: "Drop"; readonly title: string }

/**
 * A fitted table: its lines (the header, a rule and a line per row), and what was shortened and left out.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fitted {
  readonly lines: ReadonlyArray<string>
  readonly shortened: ReadonlyArray<string>
  readonly dropped: ReadonlyArray<string>
}

const gap = 2

const length = (text: string): number => [...text].length

const cut = (text: string, width: number): string => {
  const characters = [...text]
  return characters.length <= width ? text : characters.slice(0, Math.max(0, width - 1)).join("") + "…"
}

interface Working {
  readonly title: string
  cells: ReadonlyArray<string>
  width: number
  shortened: boolean
}

const naturalWidth = (column: { readonly title: string; readonly cells: ReadonlyArray<string> }): number =>
  Math.max(length(column.title), ...column.cells.map(length))

const total = (columns: ReadonlyArray<Working>): number =>
  columns.reduce((sum, column) => sum + column.width, 0) + gap * Math.max(0, columns.length - 1)

/**
 * Fits columns to `width` characters by taking the steps in order until the table fits (a table that fits as it is
 * is left alone). A table that still does not fit after every step is returned as narrow as the steps made it.
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit = (columns: ReadonlyArray<Column>, width: number, steps: ReadonlyArray<Step>): Fitted => {
  let working: Array<Working> = columns.map((column) => ({
    title: column.title,
    cells: column.cells,
    width: naturalWidth(column),
    shortened: false
  }))
  const dropped: Array<string> = []
  for (const step of steps) {
    const overflow = total(working) - width
    if (overflow <= 0) break
    const column = working.find((candidate) => candidate.title === step.title)
    if (column === undefined) continue
    switch (step._tag) {
      case "Drop": {
        working = working.filter((candidate) => candidate !== column)
        dropped.push(step.title)
        break
      }
      case "Compact": {
        column.cells = column.cells.map(step.compact)
        column.width = naturalWidth(column)
        column.shortened = true
        break
      }
      case "Shorten": {
        const target = Math.max(step.min, column.width - overflow)
        if (target < column.width) {
          column.width = target
          column.shortened = true
        }
        break
      }
    }
  }
  const row = (cells: ReadonlyArray<string>): string =>
    cells.map((cell, i) => {
      const size = working[i]?.width ?? 0
      const text = cut(cell, size)
      return i === cells.length - 1 ? text : text + " ".repeat(size - length(text))
    }).join(" ".repeat(gap)).trimEnd()
  const rows = working[0]?.cells.map((_, r) => row(working.map((column) => column.cells[r] ?? ""))) ?? []
  return {
    lines: [
      row(working.map((column) => column.title)),
      row(working.map((column) => "-".repeat(column.width))),
      ...rows
    ],
    shortened: working.filter((column) => column.shortened).map((column) => column.title),
    dropped
  }
}

/**
 * The note under a fitted table, or nothing when it is whole.
 *
 * @since 0.1.0
 * @category rendering
 */
export const note = (fitted: Fitted, width: number): string | undefined => {
  if (fitted.shortened.length === 0 && fitted.dropped.length === 0) return undefined
  const parts = [
    ...(fitted.shortened.length === 0 ? [] : [`shortened ${fitted.shortened.join(", ")} (… marks a cut)`]),
    ...(fitted.dropped.length === 0 ? [] : [`left out ${fitted.dropped.join(", ")}`])
  ]
  return `To fit ${width} columns: ${parts.join("; ")}.`
}
