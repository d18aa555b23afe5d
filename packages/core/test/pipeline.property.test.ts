import { type ChatMessage, createMessage, PermissionSet, STOP } from '@banter/core'
import { propertyRuns, propertySeed } from '@banter/test-servers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isStopped, MessagePipeline } from '../src/pipeline/message-pipeline.js'
import { Guard, type GuardedOwner } from '../src/runtime/guard.js'
import { HandlerSlot } from '../src/runtime/handler-slot.js'
import { PluginStats } from '../src/runtime/plugin-stats.js'
import { Watchdog } from '../src/runtime/watchdog.js'
import { systemClock } from '../src/timers/clock.js'

// Model-based property tests of the message pipelines (issue 16): random chains of plugin hooks that
// pass, change, stop, throw or return garbage, synchronously or not, with or without
// `messages:transform`, checked against a few lines that state the rules.
const runs = { numRuns: propertyRuns(), ...propertySeed() }

type Behaviour = 'nothing' | 'same' | 'tag' | 'stop' | 'throw' | 'null' | 'number' | 'bad-content'
interface StageSpec {
  readonly behaviour: Behaviour
  readonly async: boolean
  readonly transform: boolean
  readonly failClosed: boolean
}

const stageSpec: fc.Arbitrary<StageSpec> = fc.record({
  behaviour: fc.constantFrom<Behaviour>(
    'nothing',
    'same',
    'tag',
    'stop',
    'throw',
    'null',
    'number',
    'bad-content',
  ),
  async: fc.boolean(),
  transform: fc.boolean(),
  failClosed: fc.boolean(),
})

// Owners and permission sets are made once (a plugin's stats hold a native histogram): each run only
// lays out a new chain of stages.
const failures: string[] = []
const owners: GuardedOwner[] = Array.from({ length: 8 }, (_, index) => ({
  name: `p${index}`,
  stats: new PluginStats(),
  timeoutMs: 5_000,
  onFailure: (_hook: string, error: Error) => {
    failures.push(`p${index}: ${error.message}`)
  },
}))
const READ = new PermissionSet('p', ['messages:read'])
const TRANSFORM = new PermissionSet('p', ['messages:read', 'messages:transform'])
const guard = new Guard(new Watchdog(systemClock))

function answer(spec: StageSpec, index: number, message: ChatMessage): unknown {
  switch (spec.behaviour) {
    case 'nothing':
      return undefined
    case 'same':
      return message
    case 'tag':
      return { ...message, content: `${message.content}[${index}]` }
    case 'stop':
      return STOP
    case 'throw':
      throw new Error(`p${index} broke`)
    case 'null':
      return null
    case 'number':
      return 42
    case 'bad-content':
      return { ...message, content: 7 }
  }
}

function build(
  specs: readonly StageSpec[],
  hook: 'onMessageReceived' | 'onMessageSent',
): { pipeline: MessagePipeline<ChatMessage>; issued: WeakSet<object> } {
  failures.length = 0
  const issued = new WeakSet<object>()
  const pipeline = new MessagePipeline<ChatMessage>(guard, hook, issued)
  pipeline.setStages(
    specs.map((spec, index) => ({
      owner: owners[index] as GuardedOwner,
      permissions: spec.transform ? TRANSFORM : READ,
      hook: spec.async
        ? async (m: ChatMessage) => answer(spec, index, m)
        : (m: ChatMessage) => answer(spec, index, m),
      self: undefined,
      failClosed: spec.failClosed,
      slot: new HandlerSlot(hook, 'hook'),
    })),
  )
  return { pipeline, issued }
}

/** The rules, stated plainly: what comes out of the pipeline and how many failures are reported. */
function model(
  specs: readonly StageSpec[],
  content: string,
  inbound: boolean,
): { content?: string; stoppedBy?: string; failures: number } {
  let current = content
  let failures = 0
  for (const [index, spec] of specs.entries()) {
    const b = spec.behaviour
    if (b === 'throw') {
      failures += 1
      if (inbound && spec.failClosed) return { stoppedBy: `p${index}`, failures }
      continue
    }
    if (b === 'nothing' || b === 'same') continue
    if (!spec.transform) {
      failures += 1 // denied: changing or stopping needs messages:transform
      continue
    }
    if (b === 'stop') {
      if (inbound) return { stoppedBy: `p${index}`, failures }
      failures += 1 // onMessageSent cannot stop
      continue
    }
    if (b === 'tag') current = `${current}[${index}]`
    else failures += 1 // null, a number, non-string content: refused, message unchanged
  }
  return { content: current, failures }
}

describe('message pipeline properties (issue 16)', () => {
  for (const hook of ['onMessageReceived', 'onMessageSent'] as const) {
    it(`${hook}: any chain of hooks gives what the rules say, and never throws`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(stageSpec, { maxLength: 8 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          async (specs, content) => {
            const { pipeline, issued } = build(specs, hook)
            const message = createMessage({ content })
            const step = pipeline.run(message)
            // No promise is made unless a hook made one.
            if (!specs.some((s) => s.async)) expect(step).not.toBeInstanceOf(Promise)
            const out = await step
            const expected = model(specs, content, hook === 'onMessageReceived')
            if (expected.stoppedBy !== undefined) {
              expect(isStopped(out)).toBe(true)
              expect(out).toEqual({ stoppedBy: expected.stoppedBy })
            } else {
              expect(isStopped(out)).toBe(false)
              const result = out as ChatMessage
              expect(result.content).toBe(expected.content)
              // Everything but the content is the message as received.
              expect({ ...result, content }).toEqual(message)
              if (result !== message) expect(issued.has(result)).toBe(true)
            }
            expect(failures).toHaveLength(expected.failures)
            // The message given in is never changed in place, and no state is kept between messages.
            expect(message.content).toBe(content)
            expect(await pipeline.run(message)).toEqual(out)
          },
        ),
        runs,
      )
    })
  }
})
