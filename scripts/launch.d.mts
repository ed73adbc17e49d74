// Types of launch.mjs, for the tests that import it.

export declare const manifestName: string

export declare const manifestVersion: number

/** One file that went into a bundle: its path from the root, size, mtime (ms) and SHA-256, as the build saw it. */
export type ManifestInput = readonly [path: string, size: number, mtimeMs: number, sha256: string]

export interface Manifest {
  readonly version: number
  /** The bundle's entry, relative to the dist directory. */
  readonly entry: string
  readonly inputs: ReadonlyArray<ManifestInput>
}

export type Freshness = { readonly entry: string; readonly reason?: undefined } | {
  readonly entry?: undefined
  readonly reason: string
}

export declare const freshness: (distDir: string, root: string) => Promise<Freshness>

export declare const launch: (
  appDir: URL,
  name: string,
  loadTsx: () => Promise<{ register: () => unknown }>
) => Promise<void>
