/** Where a CLI command writes: stdout and stderr by default, buffers in tests. */
export interface CliIo {
  /** Normal output. */
  out(text: string): void
  /** Problems. */
  err(text: string): void
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}
