import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { antivirusBot } from './fixtures/bot-helpers.js'

const bots: TestBot[] = []
let dir: string | undefined
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('two bots sharing one SQLite file lose concurrent updates to shared lists (issue 11)', () => {
  it('many concurrent !allowdomain adds from two bots on one SQLite file: none lost', async () => {
    dir = await mkdtemp(join(tmpdir(), 'banter-av-sqlite-'))
    const storage = `sqlite:${join(dir, 'shared.sqlite')}`
    for (let i = 0; i < 2; i++) bots.push((await antivirusBot({}, { storage })).bot)
    const perBot = 15
    const replies = await Promise.all(
      bots.flatMap((bot, b) =>
        Array.from({ length: perBot }, (_, i) =>
          bot.receive({
            guildId: 'g1',
            content: `!allowdomain site-${b}-${i}.example`,
            author: { id: 'mod1' },
          }),
        ),
      ),
    )
    expect(replies.every(([reply]) => reply?.content.startsWith('✅'))).toBe(true)
    const stored = await (bots[0] as TestBot).bot.storage
      .namespace('antivirus')
      .get<Record<string, string[]>>('allowlists')
    const expected = bots.flatMap((_, b) =>
      Array.from({ length: perBot }, (_, i) => `site-${b}-${i}.example`),
    )
    expect([...(stored?.g1 ?? [])].sort()).toEqual(expected.sort())
  })
})
