import TimestampPlugin from '@banter/plugin-timestamp'
import { describe, expect, it, vi } from 'vitest'
import { manual } from './fake-openai-server.js'
import { keyNeverShown, openaiBot, startServer } from './helpers.js'

/** The timestamp plugin's default stamp of an instant, in UTC. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')

describe('end to end, with the timestamp plugin in the outbound pipeline', () => {
  it('!ask gets a streamed answer whose final text is stamped once, with the time of the last edit', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(
      server,
      { editIntervalMs: 1000 },
      { before: [[TimestampPlugin, { timeZone: 'UTC' }]] },
    )
    const pending = b.receive('!ask How do plants make food?')
    await stream.started

    stream.send('Plants make food')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('[2026-11-22 09:30:00] Plants make food'))
    stream.send(' by photosynthesis')
    await vi.waitFor(
      async () => {
        await b.clock.tickAsync(250)
        expect(b.sent[0]?.content).toMatch(/^\[2026-11-22 09:30:0\d\] Plants make food by photosynthesis$/)
      },
      { interval: 5 },
    )
    await b.clock.tickAsync(2000)
    stream.send(', using light, water and carbon dioxide.')
    stream.finish()
    const [reply] = await pending

    expect(reply?.content).toBe(
      `[${stamp(b.clock.now())}] Plants make food by photosynthesis, using light, water and carbon dioxide.`,
    )
    expect(reply?.history).toEqual([
      '[2026-11-22 09:30:00] Plants make food',
      expect.stringMatching(/^\[2026-11-22 09:30:0\d\] Plants make food by photosynthesis$/),
    ])
    // The plugin edits from its own copy of the text, so a stamp never ends up inside the text.
    for (const version of [...(reply?.history ?? []), reply?.content])
      expect(version?.match(/\[2026-/g)).toHaveLength(1)
    expect(keyNeverShown(b)).toBe(true)
  })
})
