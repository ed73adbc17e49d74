// Types of build-bins.mjs, for the tests that import it.
import type { Manifest } from "./launch.mjs"

export interface Program {
  /** The name of the bundle's entry (the bin's name). */
  readonly name: string
  /** The app, relative to the root, whose src/main.ts is bundled. */
  readonly app: string
}

export declare const programs: ReadonlyArray<Program>

export declare const build: (
  program: Program,
  options?: { readonly root?: string; readonly distDir?: string }
) => Promise<Manifest>

export declare const buildStale: (
  options?: { readonly root?: string; readonly force?: boolean }
) => Promise<ReadonlyArray<string>>
