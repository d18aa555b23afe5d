import type { ChatMessage } from '@banter/core'
import { THREAT } from '../threats.js'
import type { Finding } from './finding.js'

// Hosts written so that no client turns them into links again: evil[.]example.
function defang(host: string): string {
  return host.replace(/\./g, '[.]')
}

function names(finding: Finding): string {
  return [...new Set(finding.threats.map((t) => t.name))].join(', ')
}

/** Why a finding got the message removed, in words for its author (no hosts, no secrets). */
function reasonForAuthor(finding: Finding): string {
  switch (finding.kind) {
    case 'file':
      return `\`${finding.file?.name ?? 'an attachment'}\` was flagged (${names(finding)})`
    case 'error':
      return `\`${finding.file?.name ?? 'an attachment'}\` could not be scanned, so it was held back; try again later`
    case 'secret': {
      const parts: string[] = []
      if (finding.threats.some((t) => t.name === THREAT.discordToken)) {
        parts.push(
          'it contained what looks like a Discord bot token: reset it now in the Discord developer portal, anyone who saw it can use it',
        )
      }
      if (finding.threats.some((t) => t.name === THREAT.openaiKey)) {
        parts.push('it contained what looks like an OpenAI API key: revoke it now at platform.openai.com')
      }
      return parts.join('; ')
    }
    case 'spam':
      return 'it mentioned too many people at once'
    case 'link':
      return 'it contained a link to a blocked or suspicious site'
  }
}

/** The warning posted in the channel for the author. */
export function warningText(message: ChatMessage, findings: readonly Finding[]): string {
  const reasons = findings.map(reasonForAuthor)
  return `⚠️ ${message.author.name}, your message was removed: ${reasons.join('; ')}.`
}

/** What moderators are told: who, where, what was found, what was done. Hosts defanged, no secrets. */
export function reportText(
  message: ChatMessage,
  findings: readonly Finding[],
  actions: readonly string[],
): string {
  const lines = [
    `🛡️ antivirus: message ${message.id} by ${message.author.name} (${message.author.id}) in channel ${message.channelId}`,
  ]
  for (const finding of findings) {
    if (finding.kind === 'file' || finding.kind === 'error') {
      const file = finding.file
      const hash = file?.sha256 ? ` sha256 ${file.sha256}` : ''
      const what =
        finding.kind === 'error' ? `not scanned: ${finding.error ?? 'unknown error'}` : names(finding)
      const where = finding.threats
        .map((t) => t.location)
        .filter((l): l is string => l !== undefined)
        .slice(0, 3)
      lines.push(
        `• file \`${file?.name ?? '?'}\`${hash}: ${what}${where.length ? ` (in ${where.join(', ')})` : ''}`,
      )
    } else {
      const hosts = finding.threats
        .map((t) => (t.location ? `${t.name} ${defang(t.location)}` : t.name))
        .join(', ')
      lines.push(`• ${finding.kind}: ${hosts}`)
    }
  }
  lines.push(`Actions: ${actions.length > 0 ? actions.join(', ') : 'none'}`)
  return lines.join('\n')
}
