import { performance } from 'node:perf_hooks'
import type { Logger } from 'pino'
import type { EventManager } from '../events/event-manager.js'
import type { ChatMessage, MessageDraft, SentMessage } from '../messages/chat-message.js'
import { FAILED, type Guard } from '../runtime/guard.js'
import type { IssuedMessages } from '../runtime/issued-messages.js'
import type { ScopeGate } from '../scopes/scope-gate.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import type { Clock } from '../timers/clock.js'
import { type AccessConfig, messageHasAccess } from './access.js'
import type { CommandRegistry, RegisteredCommand } from './command-registry.js'
import { CommandReplies } from './command-replies.js'
import { type ParsedArgs, parseArgs, validateArgs } from './parse-args.js'

/** What the command runner needs from the runtime. */
export interface CommandRunnerDeps {
  readonly registry: CommandRegistry
  readonly guard: Guard
  readonly events: EventManager
  readonly clock: Clock
  readonly access: AccessConfig
  readonly logger: Logger
  /** Messages core handed to plugins: the only identities `ctx.commands.run` honours. */
  readonly issued: IssuedMessages
  storage(): PluginStorage
  /** Core's own notices (usage, cooldown, refusals, "command failed"): source `core`. */
  notice(to: ChatMessage, draft: MessageDraft): Promise<SentMessage>
  /** Scopes: a command of a plugin that is off where the message is, is not there. */
  readonly gate?: ScopeGate | undefined
}

/** The plugin that runs a command through `ctx.commands.run`. */
export interface CommandCaller {
  /** Its name (a forged message runs as `plugin:<name>`). */
  readonly name: string
  /** Throws unless the plugin may send: everything the command answers goes out on its behalf. */
  assertMaySend(): void
}

/** The outcome of running a command programmatically (`ctx.commands.run`). */
export interface CommandRunResult {
  /** The command that ran, if the line named one. */
  readonly command: string | undefined
  /** Whether it ran to completion. */
  readonly ok: boolean
  /** What it replied (usage and refusal notices included). */
  readonly replies: readonly SentMessage[]
  /** Why it did not run or failed. */
  readonly error?: { readonly code: string; readonly message: string }
}

interface Outcome {
  readonly ok: boolean
  readonly error?: { readonly code: string; readonly message: string }
}

interface Found {
  readonly command: RegisteredCommand
  readonly invokedAs: string
  readonly raw: string
}

/**
 * Finds the command in a message, checks access, cooldown and arguments, runs the handler isolated,
 * and emits `command.executed`. Messages that are not commands cost one `startsWith`.
 */
export class CommandRunner {
  readonly #deps: CommandRunnerDeps

  constructor(deps: CommandRunnerDeps) {
    this.#deps = deps
  }

  /** Runs the command in `message`; `undefined` (synchronously) when there is none. */
  run(message: ChatMessage): Promise<string> | undefined {
    const invocation = message.invocation
    if (invocation !== undefined) {
      const command = this.#deps.registry.find(invocation.command)
      if (command === undefined || !this.#inScope(command, message)) return undefined
      const args = validateArgs(command.definition.args, invocation.args)
      return this.#execute(command, message, invocation.command, '', args).then(() => command.definition.name)
    }
    const found = message.mentions.bot ? this.#findAfterMention(message.content) : this.#find(message.content)
    if (found === undefined || !this.#inScope(found.command, message)) return undefined
    const name = found.command.definition.name
    return this.#execute(found.command, message, found.invokedAs, found.raw).then(() => name)
  }

  /**
   * Runs `line` (with or without the prefix) for `caller`. When `as` is a message core handed to the
   * caller, it runs as that message's author in its channel, with every check a typed command gets;
   * any other message object runs as the plugin itself (`plugin:<name>`, no access level). Everything
   * the command answers is sent on the caller's behalf and needs its `messages:send`.
   */
  async invoke(as: ChatMessage, line: string, caller: CommandCaller): Promise<CommandRunResult> {
    const prefix = this.#deps.registry.prefix
    const content = line.startsWith(prefix) ? line : `${prefix}${line}`
    const found = this.#find(content)
    if (found === undefined) {
      return {
        command: undefined,
        ok: false,
        replies: [],
        error: { code: 'UNKNOWN_COMMAND', message: `no command in "${line.slice(0, 80)}"` },
      }
    }
    const message: ChatMessage = this.#deps.issued.has(as)
      ? { ...as, content }
      : {
          id: `${caller.name}-${this.#deps.clock.now().toString(36)}`,
          channelId: as.channelId,
          author: { id: `plugin:${caller.name}`, name: caller.name, bot: true },
          content,
          attachments: [],
          mentions: { users: [], roles: [], everyone: false, bot: false },
          timestamp: this.#deps.clock.now(),
          platform: as.platform,
        }
    this.#deps.issued.add(message)
    const replies: SentMessage[] = []
    const outcome = await this.#execute(found.command, message, found.invokedAs, found.raw, undefined, {
      replies,
      caller,
    })
    return { command: found.command.definition.name, replies, ...outcome }
  }

  #inScope(command: RegisteredCommand, message: ChatMessage): boolean {
    return this.#deps.gate === undefined || this.#deps.gate.allows(command.owner.name, message)
  }

  #find(content: string, prefix = this.#deps.registry.prefix): Found | undefined {
    if (!content.startsWith(prefix)) return undefined
    const match = /^(\S+)\s*/.exec(content.slice(prefix.length))
    if (match === null) return undefined
    const invokedAs = (match[1] as string).toLowerCase()
    const command = this.#deps.registry.find(invokedAs)
    if (command === undefined) return undefined
    return { command, invokedAs, raw: content.slice(prefix.length + match[0].length) }
  }

  /** `@bot ping` and `@bot !ping`: a leading mention of the bot (`<@id>` markup) counts as the prefix. */
  #findAfterMention(content: string): Found | undefined {
    const mention = /^\s*<@[!&]?\d+>\s*/.exec(content)
    if (mention === null) return this.#find(content)
    const rest = content.slice(mention[0].length)
    return this.#find(rest) ?? this.#find(rest, '')
  }

  async #execute(
    command: RegisteredCommand,
    message: ChatMessage,
    invokedAs: string,
    raw: string,
    structured?: ParsedArgs,
    via?: { readonly replies: SentMessage[]; readonly caller: CommandCaller },
  ): Promise<Outcome> {
    const { registry, guard, events, clock, access } = this.#deps
    const d = command.definition
    const started = performance.now()
    const deliver = async (
      sender: (to: ChatMessage, draft: MessageDraft) => Promise<SentMessage>,
      draft: MessageDraft,
    ) => {
      via?.caller.assertMaySend()
      const sent = await sender(message, draft)
      via?.replies.push(sent)
      return sent
    }
    const core = (draft: MessageDraft) => deliver(this.#deps.notice, draft)
    const finish = async (ok: boolean, error?: { code: string; message: string }): Promise<Outcome> => {
      if (events.has('command.executed')) {
        await events.emit('command.executed', {
          command: d.name,
          plugin: command.owner.name,
          message,
          ok,
          durationMs: performance.now() - started,
          ...(error ? { error } : {}),
        })
      }
      return error ? { ok, error } : { ok }
    }
    if (d.permissions && d.permissions.length > 0 && !messageHasAccess(access, message, d.permissions)) {
      await core(`⛔ \`${registry.prefix}${d.name}\` is for ${d.permissions.join(' or ')} only.`)
      return finish(false, {
        code: 'PERMISSION_DENIED',
        message: `${message.author.id} lacks ${d.permissions.join('|')}`,
      })
    }
    if (d.cooldown !== undefined && d.cooldown > 0) {
      const key = `cooldown:${d.name}:${message.author.id}`
      const now = clock.now()
      // One atomic step, so two invocations at once (even on two shards) cannot both pass.
      let until: number | undefined
      const cooldown = d.cooldown
      await this.#deps.storage().update<number>(
        key,
        (current) => {
          until = current !== undefined && current > now ? current : undefined
          return until ?? now + cooldown
        },
        { ttl: cooldown },
      )
      if (until !== undefined) {
        const seconds = Math.ceil((until - now) / 1000)
        await core(`⏳ \`${registry.prefix}${d.name}\` is cooling down: try again in ${seconds} s.`)
        return finish(false, { code: 'COOLDOWN', message: 'command on cooldown' })
      }
    }
    const parsed = structured ?? parseArgs(d.args, command.slots, raw)
    if (!parsed.ok) {
      const usage = registry.info(command).usage
      await core(`Usage: \`${usage}\`\n${parsed.problems.map((p) => `• ${p}`).join('\n')}`)
      return finish(false, { code: 'BAD_ARGUMENTS', message: parsed.problems.join('; ') })
    }
    const reply = command.reply ?? this.#deps.notice
    const replies = new CommandReplies()
    const context = {
      message,
      args: parsed.value,
      raw,
      invokedAs,
      config: this.#deps.gate?.configFor(command.owner.name, message),
      reply: (draft: MessageDraft) => replies.track(deliver(reply, draft)),
    }
    const timeoutMs = d.timeoutMs ?? command.owner.timeoutMs
    const timeoutsBefore = command.owner.stats.timeouts
    const result = guard.call(
      command.owner,
      `command:${d.name}`,
      d.handler,
      d,
      context,
      timeoutMs,
      command.slot,
    )
    const value = result instanceof Promise ? await result : result
    if (value === FAILED) {
      // The guard counts a timeout against the owner; a new one since the call started is this one.
      const timedOut = command.owner.stats.timeouts > timeoutsBefore
      if (timedOut && (await this.#answeredLate(replies, d.name, timeoutMs))) {
        return finish(false, {
          code: 'HOOK_TIMEOUT',
          message: `command ${d.name} timed out after ${timeoutMs} ms; its reply was delivered later`,
        })
      }
      await core(`Sorry, \`${registry.prefix}${d.name}\` failed. The bot's log says why.`).catch(
        (error: unknown) => this.#deps.logger.warn({ err: error }, 'could not send the failure notice'),
      )
      return finish(
        false,
        timedOut
          ? { code: 'HOOK_TIMEOUT', message: `command ${d.name} timed out after ${timeoutMs} ms` }
          : { code: 'HOOK_FAILED', message: `command ${d.name} failed` },
      )
    }
    return finish(true)
  }

  /**
   * Whether a command that timed out while one of its replies was still being sent (queued behind
   * the platform's rate limit, say) got that reply out in the end: waits for it, and if it was
   * delivered, logs why there is no failure notice (the user has the answer; a notice would say the
   * opposite).
   */
  async #answeredLate(replies: CommandReplies, name: string, timeoutMs: number): Promise<boolean> {
    if (replies.pending === 0) return false
    const before = replies.delivered
    await replies.settled()
    if (replies.delivered === before) return false
    this.#deps.logger.warn(
      { command: name, timeoutMs },
      `command ${name} outlived its ${timeoutMs} ms timeout while its reply was still being sent (waiting out a rate limit, for example); the reply was delivered, so no failure notice was sent. If this is frequent, raise the command's timeoutMs or timeouts.hookMs`,
    )
    return true
  }
}
