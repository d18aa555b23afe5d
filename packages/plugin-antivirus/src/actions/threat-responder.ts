import type { ChatMessage, PluginContext } from '@banter/core'
import type { ResolvedAntivirusOptions, ThreatAction } from '../options.js'
import type { QuarantineStore } from '../storage/quarantine-store.js'
import { scopeOf } from '../storage/scope.js'
import type { Finding } from './finding.js'
import { reportText, warningText } from './notices.js'

/**
 * Carries out the configured actions for a message with findings, in this order: delete, warn the
 * author, quarantine records, tell moderators, then emit `security.threat` (always) with the actions
 * that succeeded. A failing action is logged and the others still run.
 */
export class ThreatResponder {
  readonly #ctx: PluginContext<ResolvedAntivirusOptions>
  readonly #quarantine: QuarantineStore
  #warnedNoChannel = false
  #records = 0

  constructor(ctx: PluginContext<ResolvedAntivirusOptions>, quarantine: QuarantineStore) {
    this.#ctx = ctx
    this.#quarantine = quarantine
  }

  /** Runs the actions for `findings`; resolves to what was done (`deleted`, `warned`, ...). */
  async respond(message: ChatMessage, findings: readonly Finding[]): Promise<string[]> {
    const { config, logger, messages } = this.#ctx
    const wanted = new Set<ThreatAction>(findings.flatMap((f) => config.actions[f.kind]))
    const done: string[] = []
    const attempt = async (action: string, run: () => Promise<unknown>) => {
      try {
        await run()
        done.push(action)
      } catch (error) {
        logger.warn(
          { err: error, messageId: message.id },
          `could not carry out "${action}" for message ${message.id}`,
        )
      }
    }
    if (wanted.has('delete')) await attempt('deleted', () => messages.delete(message))
    if (wanted.has('warn')) {
      await attempt('warned', () => messages.send(message.channelId, warningText(message, findings)))
    }
    const quarantined = findings.filter((f) => config.actions[f.kind].includes('quarantine'))
    if (quarantined.length > 0) {
      await attempt('quarantined', async () => {
        for (const finding of quarantined) await this.#record(message, finding)
      })
    }
    if (wanted.has('report')) {
      // A server's own report channel, else the operator's: never another server's.
      const channel =
        (message.guildId === undefined ? undefined : config.moderatorChannels[message.guildId]) ??
        config.moderatorChannel
      if (channel === undefined) {
        if (!this.#warnedNoChannel) {
          this.#warnedNoChannel = true
          logger.warn(
            'the "report" action needs `moderatorChannel` (or `moderatorChannels` per server) in the antivirus options; moderators are not told',
          )
        }
      } else {
        await attempt('reported', () => messages.send(channel, reportText(message, findings, done)))
      }
    }
    await this.#emit(message, findings, done)
    return done
  }

  async #record(message: ChatMessage, finding: Finding): Promise<void> {
    const time = this.#ctx.timers.now()
    this.#records += 1
    await this.#quarantine.add(scopeOf(message), {
      id: `${time}-${message.id}-${this.#records}`,
      kind: finding.file ? 'file' : 'message',
      ...(message.guildId === undefined ? {} : { guildId: message.guildId }),
      messageId: message.id,
      channelId: message.channelId,
      authorId: message.author.id,
      authorName: message.author.name,
      ...(finding.file ? { fileName: finding.file.name } : {}),
      ...(finding.file?.sha256 ? { sha256: finding.file.sha256 } : {}),
      threats:
        finding.kind === 'error' ? [finding.error ?? 'not scanned'] : finding.threats.map((t) => t.name),
      time,
    })
  }

  async #emit(message: ChatMessage, findings: readonly Finding[], actions: readonly string[]): Promise<void> {
    const ref = { id: message.id, channelId: message.channelId, authorId: message.author.id }
    for (const finding of findings) {
      if (finding.threats.length === 0) continue
      await this.#ctx.events.emit('security.threat', {
        plugin: this.#ctx.name,
        kind: finding.file ? 'file' : 'message',
        message: ref,
        threats: finding.threats,
        ...(finding.file ? { fileName: finding.file.name } : {}),
        ...(finding.file?.sha256 ? { sha256: finding.file.sha256 } : {}),
        actions,
      })
    }
  }
}
