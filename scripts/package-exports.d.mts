// Types of package-exports.mjs, for the consumer test that imports it.

export declare const sourceCondition: string

export declare const libraries: ReadonlyArray<string>

export declare const exportsOf: (dir: string) => Record<string, unknown>

export declare const stale: () => Array<string>
