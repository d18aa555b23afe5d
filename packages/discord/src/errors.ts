import { BanterError, type BanterErrorOptions, defineErrors } from '@banter/core'
import { DiscordAPIError, DiscordjsErrorCodes, HTTPError } from 'discord.js'

/**
 * The permanent error codes of `@banter/discord`, each with what to do about it. Codes are never
 * reused for another meaning.
 */
const catalogue = defineErrors({
  DISCORD_TOKEN_MISSING:
    'Set `token` in the Discord adapter options (or the DISCORD_TOKEN environment variable) to the bot token from the Discord Developer Portal.',
  DISCORD_TOKEN_INVALID:
    'Copy the bot token again from the Discord Developer Portal (Bot → Reset Token) and update the configuration.',
  DISCORD_INTENTS_DISALLOWED:
    'Enable the privileged intents you use (Message Content, Server Members) in the Developer Portal under Bot → Privileged Gateway Intents, or remove them from `intents`.',
  DISCORD_LOGIN_FAILED: 'Check the network path to Discord (or to the `api` URL) and try again.',
  DISCORD_NOT_CONNECTED: 'Start the bot first; the Discord adapter sends nothing before it has logged in.',
  DISCORD_ATTACHMENT_TOO_LARGE:
    'Raise `maxAttachmentBytes` in the Discord adapter options if files this large are expected.',
  DISCORD_ATTACHMENT_DOWNLOAD_FAILED: 'Try again later; Discord did not serve the file.',
  DISCORD_EMOJI_INVALID: 'Use a Unicode emoji (👍) or a custom emoji as <:name:id> or name:id.',
  DISCORD_MISSING_PERMISSIONS:
    "Give the bot's role the permission it needs in that channel (View Channel, Send Messages, Add Reactions, Attach Files, Manage Messages).",
  DISCORD_UNKNOWN_TARGET: 'The channel, message or interaction no longer exists (or the bot cannot see it).',
  DISCORD_REQUEST_INVALID:
    'Discord refused the request as malformed: check the message (empty text, files, length).',
  DISCORD_REQUEST_FAILED: 'Discord failed the request; try again later, and check https://discordstatus.com.',
  DISCORD_COMMANDS_REJECTED:
    'Discord refused the slash command list: check command names, descriptions and options in the message.',
})

/** The codes with what to do about each. */
export const DISCORD_ERRORS = catalogue.codes

/** A permanent error code of `@banter/discord`. */
export type DiscordErrorCode = keyof typeof DISCORD_ERRORS

/** Creates a {@link BanterError} with a code of {@link DISCORD_ERRORS} and its "what to do" hint. */
export function discordError(
  code: DiscordErrorCode,
  message: string,
  options: Omit<BanterErrorOptions, 'hint'> = {},
): BanterError {
  return catalogue.error(code, message, options)
}

// Interaction and webhook URLs carry interaction tokens: never print them.
function safeUrl(url: string): string {
  return url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?]+/g, '/$1/$2/***').replace(/\?.*$/, '')
}

/**
 * Turns an error from discord.js's REST client into a {@link BanterError} that says what Discord
 * answered and what to do, without any token.
 */
export function fromDiscordError(error: unknown, action: string): BanterError {
  if (error instanceof BanterError) return error
  if (error instanceof DiscordAPIError) {
    const code: DiscordErrorCode =
      error.code === 50013 || error.code === 50001
        ? 'DISCORD_MISSING_PERMISSIONS'
        : error.status === 404
          ? 'DISCORD_UNKNOWN_TARGET'
          : error.status === 401
            ? 'DISCORD_TOKEN_INVALID'
            : error.status >= 400 && error.status < 500
              ? 'DISCORD_REQUEST_INVALID'
              : 'DISCORD_REQUEST_FAILED'
    return discordError(
      code,
      `could not ${action}: Discord answered ${error.status} (code ${error.code}, "${error.message}") to ${error.method} ${safeUrl(error.url)}`,
      { cause: error, details: { status: error.status, discordCode: error.code } },
    )
  }
  if (error instanceof HTTPError) {
    return discordError(
      'DISCORD_REQUEST_FAILED',
      `could not ${action}: Discord answered ${error.status} to ${error.method} ${safeUrl(error.url)}`,
      { cause: error, details: { status: error.status } },
    )
  }
  const text = error instanceof Error ? error.message : String(error)
  return discordError('DISCORD_REQUEST_FAILED', `could not ${action}: ${text}`, { cause: error })
}

/**
 * The error of a failed login: a rejected token, refused privileged intents (naming `intents`), or a
 * connection failure.
 */
export function loginError(error: unknown, intents: string): BanterError {
  const code = (error as { code?: unknown }).code
  // @discordjs/ws rejects login with plain errors named after the gateway close code.
  const text = error instanceof Error ? error.message : String(error)
  if (code === DiscordjsErrorCodes.TokenInvalid || text === 'Authentication failed') {
    return discordError('DISCORD_TOKEN_INVALID', 'Discord rejected the bot token', { cause: error })
  }
  if (code === DiscordjsErrorCodes.DisallowedIntents || text === 'Used disallowed intents') {
    return discordError(
      'DISCORD_INTENTS_DISALLOWED',
      `Discord refused the gateway intents (close code 4014): a privileged intent among ${intents} is not enabled for this application`,
      { cause: error },
    )
  }
  const wrapped = fromDiscordError(error, 'log in to Discord')
  return wrapped.code === 'DISCORD_REQUEST_FAILED'
    ? discordError('DISCORD_LOGIN_FAILED', wrapped.summary, { cause: error })
    : wrapped
}
