import { afterEach, describe, expect, it } from 'vitest'
import { stopBots, workflowBot } from './helpers/harness.js'

afterEach(stopBots)

const hello = { id: 'hello', trigger: { command: true }, steps: [{ type: 'reply', text: 'hello v1' }] }

describe('workflow definitions changed at run time', () => {
  it('swaps the configured workflows without a restart; a bad definition is refused and the old ones stay', async () => {
    const b = await workflowBot({ workflows: [hello] }, [], {
      config: { access: { admin: { users: ['boss'] } } },
    })
    const boss = { id: 'boss', name: 'Boss' }
    const run = async (id: string) => {
      await b.receive({ content: `!run ${id}`, author: boss })
      await b.settle()
      return b.sent.map((m) => m.content).join('\n')
    }
    expect(await run('hello')).toContain('hello v1')
    const result = await b.plugins.configure('workflow', {
      workflows: [
        { ...hello, steps: [{ type: 'reply', text: 'hello v2' }] },
        { id: 'bye', trigger: { command: true }, steps: [{ type: 'reply', text: 'bye now' }] },
      ],
    })
    expect(result.applied).toBe('hook')
    expect(await run('hello')).toContain('hello v2')
    expect(await run('bye')).toContain('bye now')
    await expect(
      b.plugins.configure('workflow', {
        workflows: [{ id: 'x', trigger: { command: true }, steps: [{ type: 'nope' }] }],
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    const ids = (b.bot.plugins.options('workflow') as { workflows: { id: string }[] }).workflows.map(
      (w) => w.id,
    )
    expect(ids).toEqual(['hello', 'bye'])
  })
})
