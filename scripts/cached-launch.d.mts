// Types of cached-launch.mjs, for its test.

/** The directory of the compile cache for this user, or undefined when there is none to use. */
export declare const cacheDirectory: (env?: NodeJS.ProcessEnv) => string | undefined

/** Runs a CommonJS bundle (a file URL) through V8's code cache; `id` names its build, `v8Flags` are set first. */
export declare const launch: (bundleUrl: URL, id: string, v8Flags?: ReadonlyArray<string>) => void
