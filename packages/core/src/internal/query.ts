/**
 * The wire names of an operation's query members, read backwards: from the query parameter to the member. Derived
 * from the operation's `queryNames`, so that the two directions cannot disagree.
 *
 * @internal
 */
export const membersByQueryName = <const M extends string>(
  queryNames: Readonly<Record<M, string>>
): Readonly<Record<string, M>> =>
  Object.fromEntries((Object.keys(queryNames) as Array<M>).map((member) => [queryNames[member], member]))

/**
 * A request target split into its path and its raw query (still percent-encoded, without the `?`).
 *
 * @internal
 */
export const splitTarget = (pathAndQuery: string): { readonly path: string; readonly rawQuery: string } => {
  const queryStart = pathAndQuery.indexOf("?")
  return queryStart === -1
    ? { path: pathAndQuery, rawQuery: "" }
    : { path: pathAndQuery.slice(0, queryStart), rawQuery: pathAndQuery.slice(queryStart + 1) }
}
