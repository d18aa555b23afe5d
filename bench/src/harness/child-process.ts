import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { bundle, type WorkspaceFrom } from './bundle.js'

/** The `bench/` folder. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url))

/** Node flags every TypeScript child gets: workspace packages from source, run through tsx. */
export const TS_EXEC_ARGV: readonly string[] = ['--conditions=@banter/source', '--import', 'tsx']

/** Options of {@link runChild}. */
export interface RunChildOptions {
  /** Extra Node flags (e.g. `--expose-gc`). */
  readonly execArgv?: readonly string[]
  /** Kill the child after this long (default 120 s). */
  readonly timeoutMs?: number
  /**
   * `bundle` (default): compile the entry with esbuild as the shipped code is compiled (see
   * `bundle`), run with plain node. `tsx`: run the TypeScript source through tsx.
   */
  readonly via?: 'bundle' | 'tsx'
  /** With `bundle`: workspace packages from their sources (default) or their built `dist`. */
  readonly workspace?: WorkspaceFrom
}

/**
 * Runs a TypeScript module in a fresh Node process with `arg` as its only argument (JSON), and
 * resolves to what it sends back over IPC as `{ ok: true, result }`. Rejects with the child's error
 * (and the tail of its stderr) when it fails, exits without answering, or times out.
 */
export async function runChild<Result>(
  entry: URL,
  arg: unknown,
  options: RunChildOptions = {},
): Promise<Result> {
  const viaTsx = options.via === 'tsx'
  const script = viaTsx ? entry : await bundle(entry, options.workspace)
  return new Promise<Result>((resolve, reject) => {
    const child = fork(fileURLToPath(script), [JSON.stringify(arg)], {
      cwd: BENCH_DIR,
      execArgv: [...(viaTsx ? TS_EXEC_ARGV : []), ...(options.execArgv ?? [])],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let stderr = ''
    let answer: { ok: true; result: Result } | { ok: false; error: string } | undefined
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    const timeoutMs = options.timeoutMs ?? 120_000
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`child ${entry.pathname} timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('message', (message) => {
      answer = message as typeof answer
    })
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (answer?.ok) resolve(answer.result)
      else if (answer) reject(new Error(answer.error))
      else
        reject(
          new Error(
            `child ${entry.pathname} exited (${signal ?? code}) without a result${stderr ? `: ${stderr.trim()}` : ''}`,
          ),
        )
    })
  })
}
