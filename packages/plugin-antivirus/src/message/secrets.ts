import { type FoundThreat, THREAT } from '../threats.js'

// id.timestamp.hmac, base64url. The first part is the bot's user id (a snowflake) in base64.
const DISCORD_TOKEN = /(?<![\w-])([A-Za-z\d_-]{23,30})\.([A-Za-z\d_-]{6,7})\.([A-Za-z\d_-]{27,40})(?![\w-])/g
// Project, service-account and admin keys carry `T3BlbkFJ` ("OpenAI" in base64); legacy keys are
// `sk-` and 48 alphanumerics.
const OPENAI_KEY =
  /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z\d_-]{20,}|[A-Za-z\d_-]{20,}T3BlbkFJ[A-Za-z\d_-]{20,}|[A-Za-z\d]{48})(?![\w-])/

function isSnowflake(base64: string): boolean {
  const decoded = Buffer.from(base64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')
  return /^\d{17,20}$/.test(decoded)
}

/**
 * Leaked credentials in message text: Discord bot tokens (whose first part must decode to a user id,
 * which keeps random dotted strings out) and OpenAI API keys. The threats never contain the secret.
 */
export function findSecrets(text: string): FoundThreat[] {
  const found: FoundThreat[] = []
  for (const match of text.matchAll(DISCORD_TOKEN)) {
    if (isSnowflake(match[1] as string)) {
      found.push({ name: THREAT.discordToken, engine: 'secrets' })
      break
    }
  }
  if (OPENAI_KEY.test(text)) found.push({ name: THREAT.openaiKey, engine: 'secrets' })
  return found
}
