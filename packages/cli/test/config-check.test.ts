import { afterEach, describe, expect, it } from 'vitest'
import { runConfigCheck } from '../src/cli/config-check.js'
import { loadConfig } from '../src/config/load-config.js'
import { recordingIo, tempDir } from './helpers.js'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

async function check(yaml: string, env: NodeJS.ProcessEnv = {}, extra: Record<string, string> = {}) {
  const t = tempDir({ 'banter.config.yaml': yaml, ...extra })
  cleanup = t.cleanup
  const io = recordingIo()
  const code = await runConfigCheck(t.path('banter.config.yaml'), io, env)
  return { code, io, file: t.path('banter.config.yaml'), dir: t.dir }
}

describe('banter config check', () => {
  it('accepts a valid config and says so', async () => {
    const { code, io } = await check('adapter: console\nplugins:\n  timestamp:\n    timeZone: Europe/Paris\n')
    expect(code).toBe(0)
    expect(io.out_[0]).toMatch(/is valid \(1 plugin, adapter console\)$/)
  })

  it('reports bad YAML with its line', async () => {
    const { code, io, file } = await check('adapter: console\nplugins:\n  timestamp: {\n    timeZone: UTC\n')
    expect(code).toBe(1)
    expect(io.err_[0]).toMatch(new RegExp(`^${file}:\\d+:\\d+ \\(top level\\): not valid YAML: `))
    expect(io.err_[0]).toContain('→ Fix the YAML syntax')
  })

  it('reports a bad plugin option with file, line, path, what is wrong and what to do', async () => {
    const yaml = 'adapter: console\nplugins:\n  timestamp:\n    format: HH:mm\n    timeZone: Mars/Base\n'
    const { code, io, file } = await check(yaml)
    expect(code).toBe(1)
    expect(io.err_[0]).toBe(
      `${file}:5:5 plugins.timestamp.timeZone: "Mars/Base" is not an IANA time zone\n  → Fix the option named in the message and start again.`,
    )
  })

  it('reports an unknown plugin at its line', async () => {
    const { code, io, file } = await check('plugins:\n  timestamp: {}\n  no-such-plugin-xyz: {}\n')
    expect(code).toBe(1)
    expect(io.err_[0]).toMatch(
      new RegExp(
        `^${file}:3:3 plugins.no-such-plugin-xyz: no plugin "no-such-plugin-xyz": tried the packages`,
      ),
    )
    expect(io.err_[0]).toContain('→ Install it (`npm install @banter/plugin-no-such-plugin-xyz`)')
  })

  it('reports a missing environment variable with the variable name and where it is used', async () => {
    const { code, io, file } = await check('http:\n  adminToken: ${BANTER_TEST_TOKEN_NOT_SET}\n')
    expect(code).toBe(1)
    expect(io.err_[0]).toMatch(
      new RegExp(`^${file}:2:15 http.adminToken: environment variable BANTER_TEST_TOKEN_NOT_SET is not set`),
    )
    expect(io.err_[0]).toContain('→ Set BANTER_TEST_TOKEN_NOT_SET in the environment or in')
  })

  it('reports unknown keys and wrong types, all at once, each at its line', async () => {
    const { code, io } = await check(
      'adapter: console\nstorage: mongodb://x\nhttp:\n  port: lots\nverbose: true\n',
    )
    expect(code).toBe(1)
    const text = io.err_.join('\n')
    expect(text).toMatch(/:2:1 storage: must be `memory`, `sqlite:<path>` or `redis:\/\/host:port`/)
    expect(text).toMatch(/:4:3 http.port: /)
    expect(text).toMatch(/:5:1 verbose: unknown key "verbose"\n {2}→ Known top-level keys: adapter, /)
    expect(io.err_.at(-1)).toMatch(/^\n3 problems in /)
  })

  it('needs a discord section when the adapter is discord', async () => {
    const { code, io } = await check('adapter: discord\n')
    expect(code).toBe(1)
    expect(io.err_[0]).toMatch(
      / discord: is required when adapter is discord: add a `discord:` section with a token/,
    )
  })

  it('fills ${VAR} and ${VAR:-default} from the environment and .env, typing whole expressions', async () => {
    const t = tempDir({
      'banter.config.yaml':
        'prefix: ${PREFIX:-?}\nhttp:\n  port: ${PORT}\n  adminToken: ${TOKEN}\nplugins:\n  timestamp:\n    timeZone: ${TZ_NAME:-UTC}\n',
      '.env': 'PORT=9090\nTOKEN=from-dotenv\n',
    })
    cleanup = t.cleanup
    const loaded = await loadConfig(t.path('banter.config.yaml'), { TOKEN: 'from-env' })
    expect(loaded.config.prefix).toBe('?')
    expect(loaded.config.http.port).toBe(9090)
    expect(loaded.config.http.adminToken).toBe('from-env')
    expect(loaded.config.plugins.timestamp).toEqual({ timeZone: 'UTC' })
    expect(loaded.secrets).toEqual(['from-env'])
  })

  it('never prints a secret, even when it is what is wrong', async () => {
    const { code, io } = await check(
      'adapter: discord\ndiscord:\n  token: ${DISCORD_TOKEN}\n  api: not-a-url\n',
      { DISCORD_TOKEN: 'super-secret-token-123' },
    )
    expect(code).toBe(1)
    expect(io.text()).toContain('discord.api')
    expect(io.text()).not.toContain('super-secret-token-123')
  })

  it('loads a banter.config.ts through tsx, with the same schema and path-named errors', async () => {
    const t = tempDir({
      'banter.config.ts':
        "const zone: string = 'Europe/Paris'\nexport default { prefix: '?', plugins: { timestamp: { timeZone: zone } } }\n",
      'bad.config.ts': "export default { prefix: '', colour: 'blue' }\n",
    })
    cleanup = t.cleanup
    const loaded = await loadConfig(t.path('banter.config.ts'))
    expect(loaded.config.prefix).toBe('?')
    expect(loaded.config.plugins.timestamp).toEqual({ timeZone: 'Europe/Paris' })
    const io = recordingIo()
    expect(await runConfigCheck(t.path('bad.config.ts'), io)).toBe(1)
    expect(io.err_.join('\n')).toContain(`${t.path('bad.config.ts')} prefix: `)
    expect(io.err_.join('\n')).toContain(`${t.path('bad.config.ts')} colour: unknown key "colour"`)
  })

  it('says when the file is missing', async () => {
    const io = recordingIo()
    expect(await runConfigCheck('/nonexistent/banter.config.yaml', io)).toBe(1)
    expect(io.err_[0]).toContain(
      '/nonexistent/banter.config.yaml (top level): there is no configuration file here',
    )
  })
})
