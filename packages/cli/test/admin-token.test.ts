import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type App, createApp } from '../src/runtime/create-app.js'
import { tempDir } from './helpers.js'

// The real node:crypto, with its timingSafeEqual watched: what is compared, not how long it takes.
const compared = vi.hoisted(() => [] as [number, number][])
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength])
      return real.timingSafeEqual(a, b)
    },
  }
})

const TOKEN = 'the-admin-token-0123456789'
const t = tempDir({
  'banter.config.yaml': `storage: memory\nhttp:\n  port: 0\n  adminToken: ${TOKEN}\nlog:\n  level: silent\n`,
})
let app: App

beforeAll(async () => {
  app = await createApp({
    config: t.path('banter.config.yaml'),
    input: new PassThrough(),
    output: new PassThrough(),
  })
  await app.start()
})
afterAll(async () => {
  await app.stop('tests done')
  t.cleanup()
})

async function status(authorization?: string): Promise<number> {
  const res = await fetch(`${app.http?.url}/api/plugins`, authorization ? { headers: { authorization } } : {})
  return res.status
}

describe('the admin-token comparison returns early on a length mismatch', () => {
  it('compares sha256 digests in constant time whatever the length of the token sent', async () => {
    compared.length = 0
    expect(await status('Bearer x')).toBe(401)
    expect(await status(`Bearer ${'y'.repeat(500)}`)).toBe(401)
    expect(await status(`Bearer ${TOKEN.slice(0, -1)}z`)).toBe(401)
    expect(await status()).toBe(401)
    expect(await status(`Bearer ${TOKEN}`)).toBe(200)
    // Every request was compared, each time two 32-byte digests: no early return on the length.
    expect(compared).toEqual([
      [32, 32],
      [32, 32],
      [32, 32],
      [32, 32],
      [32, 32],
    ])
  })
})
