/**
 * The audit's defaults, apart from the audit: `audit --top` shows its default in the help, which a `list` loads.
 */
export const defaults = { top: 10, proxyNumberCapacity: 1024, maxCategories: 1024 } as const
