/** The value, or a failed test when it is missing. */
export const defined = <A>(value: A | undefined): A => {
  if (value === undefined) throw new Error("expected a value, found none")
  return value
}
