import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './servers.js'

/** A private npm registry (verdaccio) a test started, with no uplinks. */
export interface TestRegistry {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string
  /** An npm user config that sends the given scopes to this registry, with a token for publishing. */
  readonly userconfig: string
  /** Environment for npm child processes: `npm_config_userconfig` set to {@link userconfig}. */
  readonly env: NodeJS.ProcessEnv
  /** Stops it and removes its storage. */
  stop(): Promise<void>
}

/** The verdaccio binary of this workspace, or `undefined` when it is not installed. */
export function verdaccioBin(): string | undefined {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..')
  const bin = join(root, 'node_modules', '.bin', 'verdaccio')
  return existsSync(bin) ? bin : undefined
}

/**
 * Starts verdaccio on a free port with storage in a temp folder and no uplinks: it serves only
 * what is published to it (anyone may publish). Packages of `scopes` resolve from it through the
 * user config it writes; everything else still comes from the default registry.
 */
export async function startVerdaccio(scopes: readonly string[]): Promise<TestRegistry> {
  const bin = verdaccioBin()
  if (!bin) throw new Error('verdaccio is not installed (npm install in the repository root)')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'banter-verdaccio-'))
  const url = `http://127.0.0.1:${port}/`
  writeFileSync(
    join(dir, 'config.yaml'),
    `storage: ${join(dir, 'storage')}
uplinks: {}
packages:
  '**':
    access: $all
    publish: $anonymous
    unpublish: $anonymous
log: { type: stdout, format: pretty, level: warn }
max_body_size: 100mb
`,
  )
  const userconfig = join(dir, 'npmrc')
  writeFileSync(
    userconfig,
    `${scopes.map((scope) => `${scope}:registry=${url}`).join('\n')}\n//127.0.0.1:${port}/:_authToken=dummy\nfund=false\naudit=false\nupdate-notifier=false\n`,
  )
  const child: ChildProcess = spawn(
    bin,
    ['--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      stdio: 'ignore',
    },
  )
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
    })
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}-/ping`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (i > 300 || child.exitCode !== null) {
      child.kill('SIGTERM')
      throw new Error(`verdaccio did not start on port ${port}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    userconfig,
    env: { ...process.env, npm_config_userconfig: userconfig },
    async stop() {
      child.kill('SIGTERM')
      await exited()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
