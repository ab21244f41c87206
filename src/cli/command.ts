/** A `ccs` sub-command: parses its own arguments and returns the process exit code. */
export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  run(argv: string[]): Promise<number>;
}
