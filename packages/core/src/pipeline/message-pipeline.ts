import { type ChatMessage, type OutgoingMessage, STOP } from '../messages/chat-message.js'
import type { PermissionSet } from '../permissions/permissions.js'
import { FAILED, type Guard, type GuardedOwner, PendingCall } from '../runtime/guard.js'
import type { SlotSource } from '../runtime/handler-slot.js'
import type { MessageMarks } from '../runtime/issued-messages.js'
import type { ScopeGate } from '../scopes/scope-gate.js'

/** One plugin's hook in a pipeline. */
export interface PipelineStage<Message> {
  /** The plugin. */
  readonly owner: GuardedOwner
  /** Its permissions (a hook may only change messages with `messages:transform`). */
  readonly permissions: PermissionSet
  /** The hook. */
  readonly hook: (this: unknown, message: Message) => unknown
  /** `this` for the hook (the plugin instance). */
  readonly self: unknown
  /** A failure or timeout of this hook stops the message instead of letting it through. */
  readonly failClosed?: boolean
  /** Where the hook's failure record is (a message hook that trips the breaker disables its plugin). */
  readonly slot?: SlotSource
}

/** A message dropped by a plugin: who dropped it. */
export interface Stopped {
  /** The plugin that returned `STOP`. */
  readonly stoppedBy: string
}

type Step<Message> = Message | Stopped | Promise<Message | Stopped>

/**
 * A waterfall of plugin hooks over a message, in priority order. Each stage is isolated by the guard;
 * a failing stage leaves the message as it was. The stages array is rebuilt only when plugins change,
 * and the loop stays synchronous until a hook returns a promise.
 */
export class MessagePipeline<Message extends ChatMessage | OutgoingMessage> {
  #stages: readonly PipelineStage<Message>[] = []
  readonly #guard: Guard
  readonly #hookName: string
  readonly #canStop: boolean

  readonly #issued: MessageMarks | undefined
  /** @internal Scopes: a stage whose plugin is off where the message is, is skipped. */
  gate: ScopeGate | undefined

  /**
   * @internal
   * @param issued - where changed copies are recorded as messages core handed out (inbound only)
   */
  constructor(guard: Guard, hookName: 'onMessageReceived' | 'onMessageSent', issued?: MessageMarks) {
    this.#guard = guard
    this.#hookName = hookName
    this.#canStop = hookName === 'onMessageReceived'
    this.#issued = issued
  }

  /** @internal Replaces the stages (called when plugins start or stop). */
  setStages(stages: readonly PipelineStage<Message>[]): void {
    this.#stages = stages
  }

  /** Names of the plugins in the pipeline, in order. */
  get names(): string[] {
    return this.#stages.map((s) => s.owner.name)
  }

  /** Runs `message` through every stage. */
  run(message: Message): Step<Message> {
    return this.#from(0, message, undefined)
  }

  /** @internal Runs stages from `start`; on the first async stage it hands over to a {@link PipelineRun}. */
  from(start: number, message: Message, run: PipelineRun<Message> | undefined): Step<Message> {
    return this.#from(start, message, run)
  }

  #from(start: number, message: Message, run: PipelineRun<Message> | undefined): Step<Message> {
    const stages = this.#stages
    let current = message
    for (let i = start; i < stages.length; i++) {
      const stage = stages[i] as PipelineStage<Message>
      if (this.gate !== undefined && !this.gate.allows(stage.owner.name, current)) continue
      const result = this.#guard.callInto(
        stage.owner,
        this.#hookName,
        stage.hook,
        stage.self,
        current,
        stage.owner.timeoutMs,
        stage.slot,
      )
      if (result instanceof PendingCall) {
        run ??= new PipelineRun(this, stages)
        run.at = i
        run.current = current
        result.resolve = run.resume
        return run.promise
      }
      // Most hooks return nothing: the message goes on unchanged without a closer look.
      if (result === undefined || result === current) continue
      const next = this.#apply(stage, current, result)
      if (isStopped(next)) return next
      current = next
    }
    return current
  }

  /** @internal */
  apply(stage: PipelineStage<Message>, message: Message, result: unknown): Message | Stopped {
    return this.#apply(stage, message, result)
  }

  #apply(stage: PipelineStage<Message>, message: Message, result: unknown): Message | Stopped {
    if (result === FAILED && stage.failClosed && this.#canStop) return { stoppedBy: stage.owner.name }
    if (result === undefined || result === FAILED || result === message) return message
    if (!stage.permissions.has('messages:transform')) {
      this.#deny(stage, result === STOP ? 'stop messages' : 'change messages')
      return message
    }
    if (result === STOP) {
      if (this.#canStop) return { stoppedBy: stage.owner.name }
      this.#guard.fail(
        stage.owner,
        this.#hookName,
        new TypeError('onMessageSent cannot return STOP; return nothing instead'),
        false,
        stage.slot,
      )
      return message
    }
    if (
      result === null ||
      typeof result !== 'object' ||
      typeof (result as { content?: unknown }).content !== 'string'
    ) {
      this.#guard.fail(
        stage.owner,
        this.#hookName,
        new TypeError(
          `${this.#hookName} returned ${result === null ? 'null' : typeof result}; return a message, nothing${this.#canStop ? ', or STOP' : ''}`,
        ),
        false,
        stage.slot,
      )
      return message
    }
    this.#issued?.add(result)
    return result as Message
  }

  #deny(stage: PipelineStage<Message>, action: string): void {
    this.#guard.fail(
      stage.owner,
      this.#hookName,
      stage.permissions.denial('messages:transform', action),
      false,
      stage.slot,
    )
  }
}

/** Whether a pipeline result is a dropped message. */
export function isStopped(value: unknown): value is Stopped {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Stopped).stoppedBy === 'string' &&
    !('content' in value)
  )
}

/** One message's trip through a pipeline once a stage went asynchronous: one promise per message. */
class PipelineRun<Message extends ChatMessage | OutgoingMessage> {
  at = 0
  current!: Message
  readonly promise: Promise<Message | Stopped>
  #resolve!: (value: Message | Stopped) => void

  constructor(
    readonly pipeline: MessagePipeline<Message>,
    readonly stages: readonly PipelineStage<Message>[],
  ) {
    this.promise = new Promise((resolve) => {
      this.#resolve = resolve
    })
  }

  resume = (value: unknown): void => {
    const stage = this.stages[this.at] as PipelineStage<Message>
    const next = this.pipeline.apply(stage, this.current, value)
    if (isStopped(next)) {
      this.#resolve(next)
      return
    }
    const step = this.pipeline.from(this.at + 1, next, this)
    if (step !== this.promise) this.#resolve(step as Message | Stopped)
  }
}
