import { once } from 'node:events'
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { FakeDiscord } from './fake-discord.js'

let fake: FakeDiscord | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function rest(method: string, path: string, body?: unknown, token = 'tok') {
  const response = await fetch(`${fake?.apiUrl}/v10${path}`, {
    method,
    headers: {
      authorization: `Bot ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined }
}

// biome-ignore lint/suspicious/noExplicitAny: frames are whatever JSON the fake sent; tests poke into them.
type Frame = { op: number; t?: string; s?: number; d: any }

/** A bare gateway client: collects every frame the fake sends. */
async function connect(): Promise<{
  ws: WebSocket
  frames: Frame[]
}> {
  const ws = new WebSocket(fake?.gatewayUrl as string)
  const frames: Frame[] = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data))))
  await once(ws, 'open')
  return { ws, frames }
}

describe('FakeDiscord', () => {
  it('uses 17–19 digit snowflakes and answers /gateway/bot with its gateway URL', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 2 })
    for (const id of [fake.botId, fake.guildId, fake.channelId, fake.userId, fake.dmChannelId]) {
      expect(id).toMatch(/^\d{17,19}$/)
    }
    const { json } = await rest('GET', '/gateway/bot')
    expect(json).toMatchObject({ url: fake.gatewayUrl, shards: 2 })
    expect(fake.gatewayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway$/)
  })

  it('checks messages as Discord does and records every call', async () => {
    fake = await FakeDiscord.start({ token: 'tok' })
    const route = `/channels/${fake.channelId}/messages`
    expect((await rest('POST', route, { content: 'x'.repeat(2001) })).json).toMatchObject({ code: 50035 })
    expect((await rest('POST', route, { content: '' })).json).toMatchObject({ code: 50006 })
    expect((await rest('POST', '/channels/1234567890123456789/messages', { content: 'hi' })).status).toBe(404)
    expect((await rest('POST', route, { content: 'hi' }, 'wrong')).status).toBe(401)
    const ok = await rest('POST', route, { content: 'hi', nonce: 'n1', enforce_nonce: true })
    const again = await rest('POST', route, { content: 'hi', nonce: 'n1', enforce_nonce: true })
    expect(again.json.id).toBe(ok.json.id)
    expect(fake.calls.map((c) => c.status)).toEqual([400, 400, 404, 401, 200, 200])
    expect(fake.calls[4]).toMatchObject({ method: 'POST', path: route, body: { content: 'hi' } })
  })

  it('answers the next matching call with 429 and Retry-After', async () => {
    fake = await FakeDiscord.start()
    fake.rateLimitNext(/\/messages$/, 1.5, { method: 'POST', global: true })
    const limited = await rest('POST', `/channels/${fake.channelId}/messages`, { content: 'a' })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1.5')
    expect(limited.headers.get('x-ratelimit-global')).toBe('true')
    expect((await rest('POST', `/channels/${fake.channelId}/messages`, { content: 'a' })).status).toBe(200)
  })

  it('refuses interactions for commands that were never registered', async () => {
    fake = await FakeDiscord.start()
    expect(() => fake?.interaction({ name: 'ping' })).toThrow('slash command "ping" is not registered')
    await rest('PUT', `/applications/${fake.botId}/commands`, [{ name: 'ping', description: 'p' }])
    expect(fake.interaction({ name: 'ping' }).token).toMatch(/^fake-interaction-token-/)
    expect(() => fake?.interaction({ name: 'ping', options: { what: 'x' } })).toThrow('has no option "what"')
  })

  it('speaks the gateway: HELLO, heartbeat ACK, READY + GUILD_CREATE, content only with the intent', async () => {
    fake = await FakeDiscord.start()
    const { ws, frames } = await connect()
    await expect.poll(() => frames[0]?.op).toBe(GatewayOpcodes.Hello)
    ws.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null }))
    await expect.poll(() => frames.some((f) => f.op === GatewayOpcodes.HeartbeatAck)).toBe(true)
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Identify,
        d: { token: 't', intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages },
      }),
    )
    await expect
      .poll(() => frames.filter((f) => f.op === 0).map((f) => [f.t, f.s]))
      .toEqual([
        ['READY', 1],
        ['GUILD_CREATE', 2],
      ])
    expect(frames[2]?.d.guilds).toEqual([{ id: fake.guildId, unavailable: true }])
    fake.userMessage({ content: 'secret words' })
    await expect.poll(() => frames.find((f) => f.t === 'MESSAGE_CREATE')?.d.content).toBe('')
    ws.close()
  })

  it('replays missed dispatches on RESUME and invalidates unknown sessions', async () => {
    fake = await FakeDiscord.start()
    const first = await connect()
    first.ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: 't', intents: 0xffff } }))
    await expect.poll(() => first.frames.some((f) => f.t === 'GUILD_CREATE')).toBe(true)
    const sessionId = first.frames.find((f) => f.t === 'READY')?.d.session_id
    fake.reconnect()
    await expect.poll(() => first.frames.some((f) => f.op === GatewayOpcodes.Reconnect)).toBe(true)
    first.ws.close()
    fake.userMessage({ content: 'while away' })
    const second = await connect()
    second.ws.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: 't', session_id: sessionId, seq: 2 } }),
    )
    await expect
      .poll(() => second.frames.filter((f) => f.op === 0).map((f) => f.t))
      .toEqual(['MESSAGE_CREATE', 'RESUMED'])
    expect(second.frames[1]?.d.content).toBe('while away')
    const third = await connect()
    third.ws.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: 't', session_id: 'nope', seq: 0 } }),
    )
    await expect.poll(() => third.frames.at(-1)).toEqual({ op: GatewayOpcodes.InvalidSession, d: false })
    second.ws.close()
    third.ws.close()
  })
})
