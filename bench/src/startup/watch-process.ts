import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

/** A line to wait for on the child's stdout. */
export interface Mark {
  readonly name: string
  readonly test: (line: string) => boolean
}

/** What {@link watchProcess} saw. */
export interface Watched {
  /** Milliseconds from spawn to each mark seen. */
  readonly at: Readonly<Record<string, number>>
  /** Resident set size (KB, from /proc) when the last mark was seen. */
  readonly rssKb: number | undefined
  /** Milliseconds from spawn to the child's exit. */
  readonly exitedAt: number
  /** Exit code, or the signal that ended the child. */
  readonly exit: number | string | null
  /** The last lines of output, for error messages. */
  readonly tail: string
}

function rssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Spawns `command`, writes `input` to its stdin, and times each mark on its stdout or stderr (in
 * order). Once
 * the last mark is seen it reads the child's resident memory, closes stdin (EOF) and waits for the
 * exit; after `timeoutMs` the child is killed.
 */
export function watchProcess(options: {
  readonly command: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv
  readonly input?: string
  readonly marks: readonly Mark[]
  readonly timeoutMs: number
}): Promise<Watched> {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const at: Record<string, number> = {}
    const lines: string[] = []
    let rss: number | undefined
    let next = 0
    const remember = (line: string) => {
      lines.push(line)
      if (lines.length > 30) lines.shift()
    }
    const onLine = (line: string) => {
      remember(line)
      const mark = options.marks[next]
      if (!mark?.test(line)) return
      at[mark.name] = performance.now() - started
      next += 1
      if (next === options.marks.length) {
        rss = rssKb(child.pid)
        child.stdin.end()
      }
    }
    createInterface({ input: child.stdout }).on('line', onLine)
    createInterface({ input: child.stderr }).on('line', onLine)
    child.stdin.on('error', () => {})
    if (options.input) child.stdin.write(options.input)
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        at,
        rssKb: rss,
        exitedAt: performance.now() - started,
        exit: signal ?? code,
        tail: lines.join('\n'),
      })
    })
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({
        at,
        rssKb: rss,
        exitedAt: performance.now() - started,
        exit: error.message,
        tail: lines.join('\n'),
      })
    })
  })
}
