import { Writable } from 'node:stream'
import {
  BasePlugin,
  type ChatMessage,
  createBot,
  createLogger,
  createMessage,
  type PluginClass,
  type PluginContext,
} from '@banter/core'
import type { Driver } from '../harness/measure.js'
import { MemoryAdapter } from './memory-adapter.js'
import { noopFunctions } from './noop-functions.js'

/** How the no-op plugins of a Banter case see messages. */
export type BanterHook = 'pipeline-sync' | 'pipeline-async' | 'listener-sync' | 'listener-async'

/** A log destination that drops every line (the bot logs at `info`, as it ships). */
export function nullStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })
}

/**
 * `count` distinct no-op plugin classes, each with its own hook function (see `noopFunctions`).
 * Pipeline plugins implement `onMessageReceived`; listener plugins add one `message.received`
 * listener in `initialize`.
 */
export function noopPlugins(count: number, hook: BanterHook): PluginClass[] {
  const async = hook === 'pipeline-async' || hook === 'listener-async'
  const hooks = noopFunctions(count, async, hook)
  const listener = hook === 'listener-sync' || hook === 'listener-async'
  return hooks.map((fn, i) => {
    const manifest = {
      name: `noop-${i}`,
      version: '1.0.0',
      description: 'Does nothing',
      permissions: ['messages:read' as const],
    }
    if (listener) {
      return class extends BasePlugin {
        static manifest = manifest
        override initialize(ctx: PluginContext): void {
          ctx.events.on('message.received', fn)
        }
      }
    }
    const cls = class extends BasePlugin {
      static manifest = manifest
    }
    ;(cls.prototype as { onMessageReceived?: unknown }).onMessageReceived = fn
    return cls
  })
}

/** The message every Banter case receives (built once, as an adapter would build it). */
export function benchMessage(): ChatMessage {
  return createMessage({
    id: '1200000000000000001',
    channelId: '1100000000000000001',
    guildId: '1000000000000000001',
    author: { id: '1300000000000000001', name: 'alice', bot: false },
    content: 'hello there, how is everyone doing today?',
    platform: 'bench',
  })
}

/**
 * A new message each call, built with `createMessage` as an adapter builds one per message it gets
 * (its own id, its own author object): what core pays per message object, not per call.
 */
export function freshMessages(): () => ChatMessage {
  let seq = 0
  return () =>
    createMessage({
      id: `12000000000${++seq}`,
      channelId: '1100000000000000001',
      guildId: '1000000000000000001',
      author: { id: '1300000000000000001', name: 'alice', bot: false },
      content: 'hello there, how is everyone doing today?',
      platform: 'bench',
    })
}

/**
 * A started bot with `count` no-op plugins: real clock, memory storage, pino at `info` into a null
 * stream, default timeouts (5 s per hook, enforced by the watchdog), stats and the circuit breaker
 * on. The driver awaits `bot.receive` for each message, or with `awaited: false` calls it back to
 * back the way an adapter does (with sync plugins the work is done when `receive` returns). With
 * `fresh`, every call receives a new message object ({@link freshMessages}) instead of the same one.
 */
export async function banterDriver(
  count: number,
  hook: BanterHook,
  awaited = true,
  fresh = false,
): Promise<Driver> {
  const bot = createBot({
    adapter: new MemoryAdapter(),
    plugins: noopPlugins(count, hook),
    logger: createLogger({ level: 'info', destination: nullStream() }),
  })
  await bot.start()
  const message = benchMessage()
  const next = freshMessages()
  return {
    kind: awaited ? 'async' : 'sync',
    call: fresh ? () => bot.receive(next()) : () => bot.receive(message),
    stop: () => bot.stop(),
  }
}

/**
 * What a plugin author's test pays per message: `createTestBot()` as it ships (fake clock, logs
 * captured at `debug`), each call a `receive('!ping')` that resolves to the replies it caused.
 */
export async function testKitDriver(): Promise<Driver> {
  const { createTestBot } = await import('@banter/core/testing')
  const bot = await createTestBot()
  return {
    kind: 'async',
    call: () => bot.receive('!ping'),
    stop: () => bot.stop(),
  }
}
