/** The peak resident set of this process, in MiB (VmHWM on Linux, `resourceUsage().maxRSS` elsewhere). */
export declare const peakRssMiB: () => number
