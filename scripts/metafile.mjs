// What a program built by esbuild with code splitting loads when it starts: its entry and the chunks the entry imports
// statically, and theirs, read from the build's metafile. A chunk reached only through `import()` is loaded on demand.
// One reading for the bundle tests and the size benchmark.

/** The output files loaded at start from the output `entry`. */
export const loadedAtStart = (metafile, entry) => {
  const outputs = metafile.outputs
  const loaded = new Set()
  const visit = (path) => {
    if (loaded.has(path)) return
    loaded.add(path)
    for (const imported of outputs[path].imports) {
      if (imported.kind === "import-statement" && imported.path in outputs) visit(imported.path)
    }
  }
  visit(entry)
  return loaded
}

/** The source files bundled into some output files. */
export const inputsOf = (metafile, outputs) =>
  [...outputs].flatMap((path) => Object.keys(metafile.outputs[path].inputs))
