import {
  BanterError,
  type ChatMessage,
  type ChatUser,
  type MessageDraft,
  type MessageRef,
  type PluginContext,
} from '@banter/core'
import { methodNames } from '../guest/guest-services.js'
import { plainData } from '../wire/plain-data.js'
import { registerCommand } from './command-bridge.js'
import type { Generation } from './generation.js'
import { type FetchRequest, sandboxFetch } from './network-policy.js'

type AnyRecord = Record<string, unknown>

/** Calls from the host into the guest that host-side registrations make. */
export interface GuestCaller {
  event(name: string, payload: unknown): unknown
  command(name: string, context: unknown, timeoutMs: number | undefined): unknown
  timer(tid: number): unknown
  service(name: string, fn: string, args: unknown[]): Promise<unknown>
}

/** What an operation works with. */
export interface BridgeEnv {
  readonly ctx: PluginContext
  readonly gen: Generation
  readonly network: readonly string[] | undefined
  readonly maxFetchBytes: number
  /** Event names the manifest declares in `emits`. */
  readonly emits: readonly string[]
  readonly guest: GuestCaller
}

const CORE_EVENTS = /^(bot|plugin|message|command)\./

/**
 * The emit rule of core 0.2, applied here too: a plugin emits its own `<name>.*` events and the names
 * its manifest lists in `emits`, never core's (`bot.*`, `plugin.*`, `message.*`, `command.*`).
 */
function assertMayEmit(name: string, env: BridgeEnv): void {
  const own = name.startsWith(`${env.ctx.name}.`)
  if (!CORE_EVENTS.test(name) && (own || env.emits.includes(name))) return
  const error = new BanterError(
    'EVENT_NOT_ALLOWED',
    `plugin "${env.ctx.name}" may not emit "${name}": ${CORE_EVENTS.test(name) ? 'core events are emitted by core alone' : `plugins emit "${env.ctx.name}.*" and the events their manifest lists in \`emits\``}`,
    {
      plugin: env.ctx.name,
      hint: `Emit "${env.ctx.name}.<event>", or declare the event in the manifest's \`emits\`.`,
    },
  )
  void env.ctx.background(Promise.reject(error), 'events.emit')
  throw error
}

type Op = (a: AnyRecord, env: BridgeEnv) => unknown

const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`)
  return value
}

/** A draft as the guest sent it, reduced to the fields a draft has (no `editOf`, `source`, `channelId`). */
function draft(value: unknown): MessageDraft {
  if (typeof value === 'string') return value
  const d = (plainData(value) ?? {}) as AnyRecord
  const out: AnyRecord = { content: typeof d.content === 'string' ? d.content : String(d.content ?? '') }
  if (typeof d.replyTo === 'string') out.replyTo = d.replyTo
  if (typeof d.nonce === 'string') out.nonce = d.nonce
  if (Array.isArray(d.attachments)) {
    out.attachments = d.attachments
      .filter(
        (a): a is AnyRecord =>
          typeof a === 'object' && a !== null && (a as AnyRecord).data instanceof Uint8Array,
      )
      .map((a) => ({
        name: String(a.name ?? 'file'),
        data: a.data,
        ...(typeof a.contentType === 'string' ? { contentType: a.contentType } : {}),
      }))
  }
  return out as unknown as MessageDraft
}

function ref(value: unknown): MessageRef {
  const r = (value ?? {}) as AnyRecord
  return { channelId: str(r.channelId, 'channelId'), id: str(r.id, 'message id') }
}

/** The host's own message for a reference the guest sent back, or a plain reference. */
function message(value: unknown, env: BridgeEnv): ChatMessage | MessageRef {
  const r = (value ?? {}) as AnyRecord
  if (typeof r.r === 'number') {
    const own = env.gen.refs.get(r.r)
    if (own) return own
    throw new TypeError(`message ${r.r} is no longer known to the host`)
  }
  return ref(r)
}

let nextLockToken = 1

const sent = (promise: Promise<unknown>) => promise.then((value) => plainData(value))

/** Operations the guest waits for (or sends without waiting, with id 0). */
export const ASYNC_OPS: Record<string, Op> = {
  'storage.get': (a, { ctx }) => ctx.storage.get(str(a.k, 'key')),
  'storage.set': (a, { ctx }) =>
    ctx.storage.set(str(a.k, 'key'), plainData(a.v), typeof a.ttl === 'number' ? a.ttl : undefined),
  'storage.delete': (a, { ctx }) => ctx.storage.delete(str(a.k, 'key')),
  'storage.has': (a, { ctx }) => ctx.storage.has(str(a.k, 'key')),
  'storage.clear': (_, { ctx }) => ctx.storage.clear(),
  'storage.increment': (a, { ctx }) =>
    ctx.storage.increment(
      str(a.k, 'key'),
      typeof a.by === 'number' ? a.by : 1,
      typeof a.ttl === 'number' ? { ttl: a.ttl } : {},
    ),
  'storage.list': (a, { ctx }) =>
    ctx.storage.list(typeof a.p === 'string' ? a.p : '').then((entries) => plainData(entries)),
  // A lock the guest holds across several calls: the host enters ctx.locks.run and stays inside
  // until the guest releases the token (or the guest ends: the generation releases its locks).
  'locks.acquire': (a, { ctx, gen }) =>
    new Promise<number>((resolve, reject) => {
      const token = nextLockToken++
      const options = {
        ...(typeof a.ttl === 'number' ? { ttlMs: a.ttl } : {}),
        ...(typeof a.wait === 'number' ? { waitMs: a.wait } : {}),
      }
      ctx.locks
        .run(
          str(a.k, 'key'),
          () =>
            new Promise<void>((release) => {
              gen.locks.set(token, () => {
                gen.locks.delete(token)
                release()
              })
              resolve(token)
            }),
          options,
        )
        .catch(reject)
    }),
  'locks.release': (a, { gen }) => {
    gen.locks.get(Number(a.t))?.()
  },
  'storage.entries': async (_, { ctx }) => {
    const all: [string, unknown][] = []
    for await (const entry of ctx.storage.entries()) all.push(entry)
    return all
  },
  'messages.send': (a, { ctx }) => sent(ctx.messages.send(str(a.ch, 'channel id'), draft(a.d))),
  'messages.reply': (a, env) => sent(env.ctx.messages.reply(message(a.to, env), draft(a.d))),
  'messages.edit': (a, { ctx }) => sent(ctx.messages.edit(ref(a.ref), draft(a.d))),
  'messages.delete': (a, { ctx }) => ctx.messages.delete(ref(a.ref)),
  'messages.react': (a, { ctx }) => ctx.messages.react(ref(a.ref), str(a.e, 'emoji')),
  'events.emit': (a, env) => {
    const name = str(a.n, 'event name')
    assertMayEmit(name, env)
    return env.ctx.events.emit(name as never, plainData(a.p) as never)
  },
  'events.off': (a, { gen }) => {
    const name = str(a.n, 'event name')
    gen.listeners.get(name)?.()
    gen.listeners.delete(name)
  },
  'commands.unregister': (a, { gen }) => {
    const name = str(a.name, 'command name')
    gen.commands.get(name)?.()
    gen.commands.delete(name)
  },
  'commands.run': (a, env) =>
    sent(env.ctx.commands.run(str(a.line, 'command line'), message(a.as, env) as ChatMessage)),
  'cmd.reply': (a, env) => {
    const context = env.gen.channel.extraOf(a.id) as { reply(d: MessageDraft): Promise<unknown> } | undefined
    // Without `messages:send` the reply goes through ctx.messages, whose check refuses and reports it.
    if (context && env.ctx.permissions.has('messages:send')) return sent(context.reply(draft(a.d)))
    return sent(env.ctx.messages.reply(message(a.m, env), draft(a.d)))
  },
  'timers.set': (a, env) => {
    const tid = Number(a.tid)
    const ms = Number(a.ms) || 0
    const fire = () => env.guest.timer(tid)
    const timers = env.ctx.timers
    const dispose = a.repeat
      ? timers.setInterval(fire, ms)
      : timers.setTimeout(() => {
          env.gen.timers.delete(tid)
          return fire()
        }, ms)
    env.gen.timers.set(tid, dispose)
  },
  'timers.clear': (a, { gen }) => {
    const tid = Number(a.tid)
    gen.timers.get(tid)?.()
    gen.timers.delete(tid)
  },
  fetch: (a, env) =>
    sandboxFetch(env.ctx.name, a as unknown as FetchRequest, env.network, env.ctx.fetch, env.maxFetchBytes),
  'attachment.read': (a, env) => {
    const own = env.gen.refs.get(a.r)
    const attachment = own?.attachments[Number(a.i)]
    if (!attachment) throw new TypeError('that attachment is no longer known to the host')
    return attachment.read()
  },
  'services.call': async (a, { ctx }) => {
    const service = ctx.services.get(str(a.n, 'service name') as never) as unknown as AnyRecord
    const fn = service[str(a.fn, 'method name')]
    if (typeof fn !== 'function') throw new TypeError(`service "${a.n}" has no method "${a.fn}"`)
    return plainData(await fn.apply(service, Array.isArray(a.a) ? (plainData(a.a) as unknown[]) : []))
  },
  'services.withdraw': (a, { gen }) => {
    const name = str(a.n, 'service name')
    gen.services.get(name)?.()
    gen.services.delete(name)
  },
  'bg.start': (a, env) => {
    const id = Number(a.b)
    const done = new Promise<void>((resolve, reject) => env.gen.background.set(id, { resolve, reject }))
    void env.ctx.background(done, typeof a.l === 'string' ? a.l : 'background')
  },
  'bg.end': (a, { gen }) => {
    const id = Number(a.b)
    const deferred = gen.background.get(id)
    gen.background.delete(id)
    if (!deferred) return
    if (a.ok) deferred.resolve()
    else {
      const e = (a.e ?? {}) as AnyRecord
      deferred.reject(
        Object.assign(new Error(String(e.message ?? 'background work failed')), {
          name: String(e.name ?? 'Error'),
        }),
      )
    }
  },
}

/** Operations the guest blocks on (registrations and the few synchronous reads of the context). */
export const SYNC_OPS: Record<string, Op> = {
  'events.on': (a, env) => {
    const name = str(a.n, 'event name')
    if (env.gen.listeners.has(name)) return
    const carried = env.gen.takeOver('listeners', name)
    if (carried) {
      env.gen.listeners.set(name, carried)
      return
    }
    const off = env.ctx.events.on(
      name as never,
      ((payload: unknown) => env.guest.event(name, payload)) as never,
    )
    env.gen.listeners.set(name, off)
  },
  'commands.register': registerCommand,
  'commands.list': (_, { ctx }) => plainData(ctx.commands.list()),
  'services.get': (a, { ctx }) => methodNames(ctx.services.get(str(a.n, 'service name') as never)),
  'services.tryGet': (a, { ctx }) => {
    const service = ctx.services.tryGet(str(a.n, 'service name') as never)
    return service === undefined ? null : methodNames(service)
  },
  'services.provide': (a, env) => {
    const name = str(a.n, 'service name')
    const fns = Array.isArray(a.fns) ? a.fns.filter((f): f is string => typeof f === 'string') : []
    const forward: AnyRecord = {}
    for (const fn of fns)
      forward[fn] = (...args: unknown[]) => env.guest.service(name, fn, plainData(args) as unknown[])
    env.gen.services.set(name, env.ctx.services.provide(name as never, forward as never))
  },
  hasAccess: (a, env) => {
    const levels = Array.isArray(a.l) ? a.l.map((l) => String(l)) : []
    // A message the host handed the guest is checked with its guild; anything else as a user.
    if (a.m !== undefined) {
      const own = message(a.m, env)
      if ('author' in own) return env.ctx.hasAccess(own, levels)
    }
    return env.ctx.hasAccess(plainData(a.u) as ChatUser, levels, typeof a.g === 'string' ? a.g : undefined)
  },
  now: (_, { ctx }) => ctx.timers.now(),
}
