import { validateOptions, z } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

const schema = z.object({
  port: z.number().int().min(1).max(65535),
  nested: z.object({ mode: z.enum(['a', 'b']) }),
  apiKey: z.string().regex(/^sk-/, 'must start with "sk-"'),
  list: z.array(z.string()).default([]),
})

describe('plugin options', () => {
  it('reports every problem on its own line with the plugin name and the path', async () => {
    const error = await validateOptions('demo', schema, {
      port: 70000,
      nested: { mode: 'c' },
      apiKey: 'sk-ok',
      list: ['x', 3],
    }).catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' })
    const lines = (error as Error).message.split('\n')
    expect(lines[0]).toMatch(/^plugin "demo": options\.port: /)
    expect(lines[1]).toMatch(/^plugin "demo": options\.nested\.mode: /)
    expect(lines[2]).toMatch(/^plugin "demo": options\.list\[1\]: /)
  })

  it('never prints the value of a secret-looking option', async () => {
    const error = await validateOptions('demo', schema, {
      port: 1,
      nested: { mode: 'a' },
      apiKey: 'hunter2-secret',
    }).catch((e: Error) => e)
    expect((error as Error).message).toContain('options.apiKey')
    expect((error as Error).message).not.toContain('hunter2')
  })

  it('applies defaults and hands the validated options to the plugin', async () => {
    let seen: unknown
    const Configured = makePlugin({
      name: 'configured',
      init: (ctx) => {
        seen = ctx.config
      },
    })
    Object.assign(Configured, { configSchema: schema })
    const bot = await createTestBot({
      plugins: [[Configured, { port: 8080, nested: { mode: 'b' }, apiKey: 'sk-1' }]],
    })
    expect(seen).toEqual({ port: 8080, nested: { mode: 'b' }, apiKey: 'sk-1', list: [] })
    await bot.stop()
  })
})
