/**
 * The help texts' descriptions with examples, as the AWS CLI's help has them: what a command does, then EXAMPLES,
 * each a sentence and the command line that does it.
 *
 * @since 0.1.0
 */
import * as HelpDoc from "@effect/cli/HelpDoc"

/**
 * An example of a help text: what it does, and the command line.
 *
 * @since 0.1.0
 * @category models
 */
export interface Example {
  readonly title: string
  readonly command: string
}

/**
 * A description followed by its examples, for `Command.withDescription`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const describe = (paragraphs: ReadonlyArray<string>, examples: ReadonlyArray<Example>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    ...paragraphs.map((paragraph) => HelpDoc.p(paragraph)),
    HelpDoc.h1("EXAMPLES"),
    ...examples.flatMap((example) => [HelpDoc.p(example.title), HelpDoc.p(`  $ ${example.command}`)])
  ])

/**
 * The examples of `chime-proxy list`.
 *
 * @since 0.1.0
 * @category constants
 */
export const listExamples: ReadonlyArray<Example> = [
  {
    title: "List every session of the simulated account as JSON (the default output, the AWS CLI's shape):",
    command: "chime-proxy list --simulate"
  },
  {
    title: "List the Open sessions of one voice connector of AWS as a table:",
    command: "chime-proxy list --voice-connector-id abcdef1ghij2klmno3pqr4 --status Open --output table"
  },
  {
    title: "List from the emulator, 10 sessions at a time, and resume with the NextToken printed at the end:",
    command: "chime-proxy list --endpoint-url http://127.0.0.1:4599 --voice-connector-id ID --max-items 10\n" +
      "  $ chime-proxy list --endpoint-url http://127.0.0.1:4599 --voice-connector-id ID --max-items 10 " +
      "--starting-token TOKEN"
  },
  {
    title: "One session per line, for jq or a log pipeline:",
    command: "chime-proxy list --simulate --output ndjson | jq -r .ProxySessionId"
  }
]

/**
 * The examples of `chime-proxy`, one per command.
 *
 * @since 0.1.0
 * @category constants
 */
export const programExamples: ReadonlyArray<Example> = [
  {
    title: "List the simulated account's sessions as JSON (the default output of list, as the AWS CLI's):",
    command: "chime-proxy list --simulate"
  },
  {
    title: "List one voice connector of AWS as a table:",
    command: "chime-proxy list --voice-connector-id abcdef1ghij2klmno3pqr4 --region us-east-1 --output table"
  },
  {
    title: "Audit every connector of the simulated account, and write the report as HTML too:",
    command: "chime-proxy audit --simulate --all --html audit.html"
  },
  {
    title: "See the options of a command:",
    command: "chime-proxy list --help"
  }
]
