import { spawn } from 'node:child_process'

/** What an npm command printed and how it ended. */
export interface NpmResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Options of {@link runNpm}. */
export interface RunNpmOptions {
  /** Folder npm runs in (its `.npmrc` and `package.json` apply). */
  readonly cwd: string
  /** Environment (default `process.env`): the user's npm configuration comes through it. */
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Runs `npm <args>` as a child process, so the user's npm configuration (registry, scopes, auth,
 * proxy) applies exactly as it does on the command line. Never throws for a failing command: the
 * exit code and output are in the result.
 */
export function runNpm(args: readonly string[], options: RunNpmOptions): Promise<NpmResult> {
  return new Promise((resolve) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), npm_config_fund: 'false', npm_config_audit: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }))
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** The npm error lines of a failed command (`npm error ...`), for a one-paragraph message. */
export function npmError(result: NpmResult): string {
  const lines = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('npm error') && !line.includes('A complete log'))
    .map((line) => line.replace(/^npm error\s*/, ''))
    .filter((line) => line !== '')
  return lines.slice(0, 6).join('\n') || result.stderr.trim().split('\n').slice(-3).join('\n')
}
