import { BasePlugin, definePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

let open: TestBot | undefined
afterEach(async () => {
  await open?.stop()
  open = undefined
})

const schema = z.object({
  greeting: z.string().min(1).default('hello').meta({ description: 'What to say' }),
  mode: z.enum(['loud', 'quiet']).default('quiet'),
  apiKey: z.string().optional().meta({ secret: true }),
  passphrase: z
    .string()
    .refine((v) => v.length > 8, { error: (issue) => `"${String(issue.input)}" is too short` })
    .optional()
    .meta({ secret: true }),
  nested: z.object({ token: z.string().optional(), size: z.number().int().default(1) }).prefault({}),
})
type Options = z.output<typeof schema>

const manifest = (name: string): PluginManifest => ({
  name,
  version: '1.0.0',
  description: 'test plugin',
  permissions: ['messages:send', 'storage'],
})

let starts = 0
let failNext = false

/** Answers `!say` with its greeting; takes new options through onConfigChange. */
class Hooked extends BasePlugin<Options> {
  static manifest = manifest('hooked')
  static configSchema = schema
  seen: string[] = []
  override initialize(ctx: PluginContext<Options>) {
    starts += 1
    ctx.commands.register({
      name: 'say',
      description: 'says the greeting',
      handler: async ({ reply }) => {
        await reply(`${ctx.config.greeting} (${this.seen.join(',')})`)
      },
    })
  }
  override onConfigChange(next: Options, previous: Options) {
    if (failNext && next.greeting !== 'hello') throw new Error('cannot take it')
    this.seen.push(`${previous.greeting}>${next.greeting}`)
  }
}

/** No hook: a change restarts it; its storage counts starts. */
const Restarted = definePlugin({
  manifest: manifest('restarted'),
  configSchema: z.object({ word: z.string().default('one'), broken: z.boolean().default(false) }),
  async setup(ctx) {
    if (ctx.config.broken) throw new Error('refuses to start broken')
    const n = await ctx.storage.increment('starts')
    ctx.commands.register({
      name: 'word',
      description: 'says the word',
      handler: async ({ reply }) => {
        await reply(`${ctx.config.word} #${n}`)
      },
    })
  },
})

async function bot() {
  starts = 0
  failNext = false
  open = await createTestBot({
    plugins: [[Hooked, { greeting: 'hi', apiKey: 'sk-secret-1' }], Restarted],
    config: { access: { admin: { users: ['boss'] } } },
  })
  return open
}

describe('bot.plugins.configure', () => {
  it('applies through onConfigChange without a restart, and emits plugin.configured', async () => {
    const b = await bot()
    const events: unknown[] = []
    b.events.on('plugin.configured', (e) => void events.push(e))
    const result = await b.plugins.configure('hooked', { greeting: 'hey' })
    expect(result.applied).toBe('hook')
    expect(result.changes).toEqual([{ path: 'greeting', before: 'hi', after: 'hey' }])
    expect(starts).toBe(1)
    const [reply] = await b.receive('!say')
    expect(reply?.content).toBe('hey (hi>hey)')
    expect(events).toEqual([{ name: 'hooked', applied: 'hook', changes: result.changes }])
  })

  it('refuses a bad value naming the path, and changes nothing', async () => {
    const b = await bot()
    await expect(b.plugins.configure('hooked', { mode: 'shouting' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { issues: [{ path: ['mode'] }] },
    })
    expect(b.plugins.options('hooked')).toMatchObject({ greeting: 'hi' })
    const [reply] = await b.receive('!say')
    expect(reply?.content).toBe('hi ()')
  })

  it('rolls back when onConfigChange throws: the plugin runs on the old options', async () => {
    const b = await bot()
    failNext = true
    await expect(b.plugins.configure('hooked', { greeting: 'boom' })).rejects.toMatchObject({
      code: 'CONFIG_APPLY_FAILED',
    })
    expect(b.plugins.get('hooked')?.status).toBe('active')
    expect(b.plugins.options('hooked')).toMatchObject({ greeting: 'hi' })
    const [reply] = await b.receive('!say')
    expect(reply?.content).toMatch(/^hi /)
  })

  it('restarts a plugin without the hook, keeping its storage; a failed start rolls back', async () => {
    const b = await bot()
    const result = await b.plugins.configure('restarted', { word: 'two' })
    expect(result.applied).toBe('restart')
    expect((await b.receive('!word'))[0]?.content).toBe('two #2')
    await expect(b.plugins.configure('restarted', { broken: true })).rejects.toMatchObject({
      code: 'CONFIG_APPLY_FAILED',
    })
    expect(b.plugins.get('restarted')?.status).toBe('active')
    expect((await b.receive('!word'))[0]?.content).toBe('two #3')
  })

  it('merges as a JSON merge patch: null removes a key', async () => {
    const b = await bot()
    await b.plugins.configure('hooked', { nested: { size: 3 } })
    expect(b.plugins.options('hooked')).toMatchObject({ nested: { size: 3 } })
    await b.plugins.configure('hooked', { nested: null })
    expect(b.plugins.options('hooked')).not.toHaveProperty('nested')
  })

  it('masks secrets in results, options, events and the audit log', async () => {
    const b = await bot()
    const events: unknown[] = []
    b.events.on('plugin.configured', (e) => void events.push(e))
    const result = await b.plugins.configure(
      'hooked',
      { apiKey: 'sk-secret-2', nested: { token: 'tok-3' } },
      { kind: 'code', id: 'test' },
    )
    expect(result.changes).toEqual([
      { path: 'apiKey', before: '***', after: '***' },
      { path: 'nested.token', before: undefined, after: '***' },
    ])
    const seen = JSON.stringify([result, events, b.plugins.options('hooked'), await b.bot.admin.auditLog()])
    expect(seen).not.toContain('sk-secret')
    expect(seen).not.toContain('tok-3')
    expect(b.logText()).not.toContain('sk-secret-2')
  })

  it('masks a secret field in validation errors, even when its name does not look secret', async () => {
    const b = await bot()
    const error = await b.plugins
      .configure('hooked', { passphrase: 'hunter2' }, { kind: 'code', id: 't' })
      .catch((e) => e)
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', details: { issues: [{ path: ['passphrase'] }] } })
    expect(JSON.stringify([error.message, error.details, await b.bot.admin.auditLog()])).not.toContain(
      'hunter2',
    )
  })

  it('coalesces a flood of refused attempts so that it cannot push real entries out of the audit log', async () => {
    const b = await bot()
    const eve = { kind: 'token' as const, id: 'wrong token', from: '10.0.0.9' }
    for (let i = 0; i < 50; i++) await b.bot.admin.refused(eve, 'http', 'GET /api/plugins', 'wrong token')
    expect((await b.bot.admin.auditLog()).filter((e) => e.outcome === 'refused')).toHaveLength(1)
  })

  it('exports the options as JSON Schema with descriptions, defaults, enums and secret marks', async () => {
    const b = await bot()
    const json = b.plugins.schema('hooked') as { properties: Record<string, Record<string, unknown>> }
    expect(json.properties.greeting).toMatchObject({
      type: 'string',
      default: 'hello',
      description: 'What to say',
    })
    expect(json.properties.mode).toMatchObject({ enum: ['loud', 'quiet'] })
    expect(json.properties.apiKey).toMatchObject({ secret: true })
  })
})

describe('!plugins in chat', () => {
  it('lets an admin list, disable, enable and set options; the next reply shows it', async () => {
    const b = await bot()
    const as = { author: { id: 'boss', name: 'Boss' } }
    expect((await b.receive({ content: '!plugins', ...as }))[0]?.content).toContain('hooked 1.0.0 — active')
    expect((await b.receive({ content: '!plugins set hooked greeting yo', ...as }))[0]?.content).toContain(
      'greeting = "yo"',
    )
    expect((await b.receive('!say'))[0]?.content).toMatch(/^yo /)
    expect((await b.receive({ content: '!plugins disable hooked', ...as }))[0]?.content).toBe(
      'Plugin hooked is disabled.',
    )
    expect(await b.receive('!say')).toEqual([])
    await b.receive({ content: '!plugins enable hooked', ...as })
    expect((await b.receive('!say'))[0]?.content).toMatch(/^yo /)
    const bad = await b.receive({ content: '!plugins set hooked mode shouting', ...as })
    expect(bad[0]?.content).toMatch(/^Refused: mode: /)
    const secret = await b.receive({ content: '!plugins set hooked apiKey sk-x', ...as })
    expect(secret[0]?.content).toMatch(/is a secret/)
  })

  it('refuses and audits a user without the admin level; the audit log lists what happened', async () => {
    const b = await bot()
    const denied = await b.receive({ content: '!plugins disable hooked', author: { id: 'eve', name: 'Eve' } })
    expect(denied[0]?.content).toMatch(/^Refused/)
    expect(b.plugins.get('hooked')?.status).toBe('active')
    await b.receive({ content: '!plugins reload restarted', author: { id: 'boss', name: 'Boss' } })
    const audit = await b.receive({ content: '!plugins audit', author: { id: 'boss', name: 'Boss' } })
    expect(audit[0]?.content).toMatch(/#2 .* Boss reload restarted ok/)
    expect(audit[0]?.content).toMatch(/#1 .* Eve chat:disable hooked refused/)
    expect(audit[0]?.source ?? 'core').toBe('core')
    const stats = await b.receive({ content: '!plugins stats', author: { id: 'boss', name: 'Boss' } })
    expect(stats[0]?.content).toMatch(/^Most used \(7 days\):\nplugins: 3 calls/)
  })
})
