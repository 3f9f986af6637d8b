/** The `troupe workflow` lines of the command's usage text (kept apart: `help` loads no runtime). */
export const WORKFLOW_USAGE = `  workflow validate <file>
                        check a workflow definition (YAML or JSON): every issue with its path and line
  workflow run <file> [--input <json>] [--tools <module>] [--data-dir <dir>]
                        run it once: a line per step change on stderr, the result as JSON on stdout`;
