// Types of pack.mjs, for the consumer test that imports it.
import type { BuildOptions } from "esbuild"

export declare const root: string

/** A program published on npm, built from a workspace app. */
export interface Program {
  readonly name: string
  readonly app: string
  readonly bins: Readonly<Record<string, string>>
  readonly keywords: ReadonlyArray<string>
}

export declare const programs: ReadonlyArray<Program>

/** One packed tarball. */
export interface Packed {
  readonly name: string
  readonly kind: "library" | "program"
  readonly file: string
  readonly bytes: number
}

/** What the code-cache bundle's text is wrapped in (scripts/cached-launch.cjs compiles it as it is). */
export declare const wrapper: { readonly open: string; readonly close: string }

export declare const buildLibraries: () => Promise<void>

/** The esbuild options a program is bundled with for npm, into `outdir`. */
export declare const buildOptions: (program: Program, outdir: string) => BuildOptions

/** A bin's file in a program's package, relative to the package (`dist/chime-proxy.cjs`). */
export declare const binFile: (program: Program, bin: string) => string

export declare const stageProgram: (program: Program, stage: string) => Promise<string>

export declare const packAll: (outDir: string, options?: { readonly stageDir?: string }) => Promise<Array<Packed>>
