// The modules under mutation testing: what is mutated, and the only test files that run against it (so that a run
// stays short on a shared machine). `npm run mutation [module…]` runs them one after another.
export const modules = {
  masking: {
    mutate: ["packages/core/src/internal/redact.ts"],
    tests: ["packages/core/test/Redaction.test.ts", "packages/core/test/RedactionBoundaries.test.ts"]
  },
  paginator: {
    mutate: ["packages/core/src/Paginator.ts"],
    tests: [
      "packages/core/test/Paginator.test.ts",
      "packages/core/test/PaginatorTokens.test.ts",
      "packages/core/test/PaginatorEdges.test.ts"
    ]
  },
  validation: {
    mutate: ["packages/core/src/internal/constraints.ts", "packages/core/src/internal/validateFast.ts"],
    // The constraints at their edges against the schemas; Wire's round trips (slow) reach them only at random. The
    // hand-written request check is held to the schema by its own tests.
    tests: [
      "packages/core/test/Constraints.test.ts",
      "packages/core/test/Schema.test.ts",
      "packages/core/test/FastRequest.test.ts"
    ]
  },
  wire: {
    mutate: [
      "packages/core/src/Wire.ts",
      "packages/core/src/internal/query.ts",
      "packages/core/src/internal/requestIssue.ts",
      "packages/core/src/internal/responseBody.ts"
    ],
    tests: [
      "packages/core/test/Wire.test.ts",
      "packages/core/test/WireEdges.test.ts",
      "packages/core/test/Schema.test.ts",
      "packages/core/test/Errors.test.ts"
    ]
  },
  // The hand-written codecs are checked against the schema by thousands of property runs: the slowest module.
  codecs: {
    mutate: ["packages/core/src/internal/decodeFast.ts", "packages/core/src/internal/encodeFast.ts"],
    tests: ["packages/core/test/FastCodecs.test.ts", "packages/core/test/FastCodecsEdges.test.ts"]
  },
  // The wire text of ListProxySessions (issue 17): the check of canonical bodies and sessions, and the service that
  // passes them on, held to the decode-then-encode path by their property tests.
  wireText: {
    mutate: ["packages/core/src/internal/canonicalFast.ts", "packages/core/src/ProxySessionsText.ts"],
    tests: ["packages/core/test/ProxySessionsText.test.ts", "packages/core/test/ProxySessionsTextEdges.test.ts"]
  },
  retry: {
    mutate: [
      "packages/aws/src/Retry.ts",
      "packages/aws/src/internal/retry.ts",
      "packages/aws/src/internal/rateLimiter.ts"
    ],
    tests: [
      "packages/aws/test/Retry.test.ts",
      "packages/aws/test/RetryEdges.test.ts",
      "packages/aws/test/RateLimiter.test.ts"
    ]
  },
  sigv4: {
    mutate: [
      "packages/emulator/src/SigV4Verifier.ts",
      "packages/emulator/src/internal/authorization.ts",
      "packages/emulator/src/internal/canonical.ts"
    ],
    // Fuzz.test.ts reaches the parser too, but loading it (the whole emulator) took most of each mutant's run;
    // SigV4Edges.test.ts asserts every outcome of the parser by its message.
    tests: ["packages/emulator/test/SigV4Verifier.test.ts", "packages/emulator/test/SigV4Edges.test.ts"]
  },
  tokens: {
    mutate: ["packages/simulator/src/internal/token.ts"],
    tests: [
      "packages/simulator/test/Tokens.test.ts",
      "packages/simulator/test/Pagination.test.ts",
      "packages/simulator/test/Service.test.ts"
    ]
  }
}
