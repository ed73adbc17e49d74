// Types of metafile.mjs, for the bundle tests and the size benchmark.
import type { Metafile } from "esbuild"

/** The output files loaded at start from the output `entry`. */
export declare const loadedAtStart: (metafile: Metafile, entry: string) => Set<string>

/** The source files bundled into some output files. */
export declare const inputsOf: (metafile: Metafile, outputs: Iterable<string>) => Array<string>
