import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where a running bot says it serves HTTP, for the CLI's plugin commands. */
export interface HttpState {
  /** Base URL of the bot's HTTP server. */
  readonly url: string
  /** The bot's process id. */
  readonly pid: number
}

/** The state file of the bot whose config is in `dir`: `<dir>/.banter/http.json`. */
export function httpStateFile(dir: string): string {
  return join(dir, '.banter', 'http.json')
}

/** Records that the bot of `dir` serves at `url`; returns a function that removes the record. */
export function writeHttpState(dir: string, url: string): () => void {
  const file = httpStateFile(dir)
  mkdirSync(join(dir, '.banter'), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ url, pid: process.pid } satisfies HttpState)}\n`)
  return () => {
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as HttpState
      if (state.pid === process.pid) rmSync(file, { force: true })
    } catch {
      // Already gone.
    }
  }
}

/** The running bot of `dir`, if its state file names a live process. */
export function readHttpState(dir: string): HttpState | undefined {
  let state: HttpState
  try {
    state = JSON.parse(readFileSync(httpStateFile(dir), 'utf8')) as HttpState
  } catch {
    return undefined
  }
  try {
    process.kill(state.pid, 0)
    return state
  } catch {
    return undefined
  }
}
