import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli, tempDir } from './helpers.js'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** Runs the CLI on a config file written from `yaml`. */
async function run(command: string[], yaml: string, env: NodeJS.ProcessEnv = {}) {
  const t = tempDir({ 'banter.config.yaml': yaml })
  cleanup = t.cleanup
  const file = t.path('banter.config.yaml')
  const child = spawnCli([...command, '-c', file], { env })
  child.stdin?.end()
  return { ...(await finished(child)), file }
}

/** A Node stack frame (`    at fn (file:1:2)`): never part of a formatted problem. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m

const TYPOS = [
  'adapter: discord',
  'storage: memory',
  'discord:',
  '  tokne: ${DISCORD_TOKEN}',
  '  slashCommands:',
  '    guildID: "123456789012345678"',
  'http:',
  '  prot: 8080',
  'access:',
  '  admin:',
  '    user: [ada]',
  'permissions:',
  '  openai:',
  '    denny: [storage]',
  'timeouts:',
  '  hookMS: 100',
  'log:',
  '  levle: debug',
  '',
].join('\n')

describe('config check misses a typo inside discord (tokne:): every section is strict', () => {
  it('reports an unknown key in every section at file:line:col, with a guess and the keys it knows', async () => {
    const { code, stderr, file } = await run(['config', 'check'], TYPOS, {
      DISCORD_TOKEN: 'secret-token-xyz',
    })
    expect(code).toBe(1)
    const expected = [
      `${file}:4:3 discord.tokne: unknown key "tokne" (did you mean "token"?)`,
      `${file}:6:5 discord.slashCommands.guildID: unknown key "guildID" (did you mean "guildId"?)`,
      `${file}:8:3 http.prot: unknown key "prot" (did you mean "port"?)`,
      `${file}:11:5 access.admin.user: unknown key "user" (did you mean "users"?)`,
      `${file}:14:5 permissions.openai.denny: unknown key "denny" (did you mean "deny"?)`,
      `${file}:16:3 timeouts.hookMS: unknown key "hookMS" (did you mean "hookMs"?)`,
      `${file}:18:3 log.levle: unknown key "levle" (did you mean "level"?)`,
    ]
    for (const line of expected) expect(stderr).toContain(line)
    expect(stderr).toContain('→ Known keys in discord: token, intents, api, ')
    expect(stderr).toContain('→ Known keys in http: enabled, host, port, adminToken.')
    expect(stderr).toContain('\n7 problems in ')
    expect(stderr).not.toContain('secret-token-xyz')
    expect(stderr).not.toMatch(STACK)
  })

  it('banter start refuses the same typo, before connecting anywhere', async () => {
    const { code, stderr, file } = await run(
      ['start'],
      'adapter: discord\nstorage: memory\ndiscord:\n  tokne: abc\n',
    )
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}:4:3 discord.tokne: unknown key "tokne" (did you mean "token"?)`)
    expect(stderr).not.toContain('bot ready')
    expect(stderr).not.toMatch(STACK)
  })

  it('a key far from every known one gets the list of known keys, no guess', async () => {
    const { code, stderr, file } = await run(['config', 'check'], 'http:\n  colour: blue\n')
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}:2:3 http.colour: unknown key "colour"\n  → Known keys in http: `)
  })
})

/** Nine aliases of nine aliases, seven deep: 9^7 (4.8 million) strings once expanded. */
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n')

describe('a YAML alias bomb prints a raw stack instead of the formatted problem', () => {
  it('config check reports the bomb as a config problem at the alias that repeats repeats', async () => {
    const { code, stderr, file } = await run(['config', 'check'], BOMB)
    expect(code).toBe(1)
    expect(stderr).toMatch(
      new RegExp(`^${file}:3:8 \\(top level\\): the YAML alias \\*b expands too much: .*"billion laughs"`),
    )
    expect(stderr).toContain(
      '→ Write the values out, or use an alias (*name) only for a value that holds no alias itself.',
    )
    expect(stderr).toContain('\n1 problem in ')
    expect(stderr).not.toMatch(STACK)
    expect(stderr).not.toContain('ReferenceError')
  })

  it('banter start reports it the same way', async () => {
    const { code, stderr, file } = await run(['start'], `storage: memory\n${BOMB}`)
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}:4:8 (top level): the YAML alias *b expands too much`)
    expect(stderr).not.toMatch(STACK)
  })

  it('a few plain aliases still work', async () => {
    const yaml = [
      'storage: memory',
      'plugins:',
      '  timestamp: &stamp',
      '    timeZone: UTC',
      'access:',
      '  admin: &admins { users: [ada, bob] }',
      '  moderator: *admins',
      '',
    ].join('\n')
    const { code, stdout } = await run(['config', 'check'], yaml)
    expect(code).toBe(0)
    expect(stdout).toMatch(/is valid \(1 plugin, adapter console\)$/m)
  })
})
