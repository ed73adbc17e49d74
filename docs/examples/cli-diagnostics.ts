// How the CLI turns a failure into what stderr shows and the exit status.
import { ServiceError } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"

const diagnostic = Diagnostic.describe(
  new ServiceError.NotFoundException({ Message: "The voice connector abcdef was not found" })
)
// chime-proxy: NotFoundException: The voice connector abcdef was not found
//   Check the voice connector id, and the region it lives in (--region): connectors are regional.
process.stderr.write(Diagnostic.format("chime-proxy", diagnostic))
process.exitCode = diagnostic.exitCode // 1: an error of the service; usage errors give 2
