import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIo } from '../src/cli/io.js'

/** The CLI entry, run from source with the workspace source condition (no build needed). */
export const CLI = join(import.meta.dirname, '../src/cli.ts')

/** Spawns the banter CLI from source. */
export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  return spawn(process.execPath, ['--conditions=@banter/source', '--import', 'tsx', CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

/** Collects a child's output and exit code. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d) => {
    stdout += d
  })
  child.stderr?.on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

/** A temporary folder with files; `cleanup()` removes it. */
export function tempDir(files: Record<string, string> = {}): {
  dir: string
  path(name: string): string
  cleanup(): void
} {
  const dir = mkdtempSync(join(tmpdir(), 'banter-bot-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return {
    dir,
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A CliIo that records lines. */
export function recordingIo(): CliIo & { readonly out_: string[]; readonly err_: string[]; text(): string } {
  const out_: string[] = []
  const err_: string[] = []
  return {
    out_,
    err_,
    out: (t) => void out_.push(t),
    err: (t) => void err_.push(t),
    text: () => [...out_, ...err_].join('\n'),
  }
}
