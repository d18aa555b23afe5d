import { type BanterError, defineErrors } from '@banter/core'

/**
 * The catalogue of the OpenAI plugin's error codes, each with what to do about it. Codes are
 * permanent: once published a code is never reused for another meaning.
 */
const catalogue = defineErrors(
  {
    OPENAI_NOT_CONFIGURED: `Set OPENAI_API_KEY (and \`apiKey: \${OPENAI_API_KEY}\` in the plugin options), or set \`baseURL\` to a local OpenAI-compatible server.`,
    OPENAI_KEY_REJECTED:
      'Check the API key: create a new one if it was revoked, then restart or reload the plugin.',
    OPENAI_FORBIDDEN: 'Check that the key has access to the model and the project, or pick another `model`.',
    OPENAI_MODEL_NOT_FOUND: 'Check `model` and `baseURL`: the server does not know that model.',
    OPENAI_REQUEST_REJECTED:
      'Read the reason in the message; shorten `memoryTokens` or `maxTokens` if it is about length.',
    OPENAI_RATE_LIMITED: 'Wait and try again; raise the quota of the account if it keeps happening.',
    OPENAI_UNAVAILABLE: 'The AI service has trouble; it usually passes. Check its status page if it lasts.',
    OPENAI_UNREACHABLE: 'Check `baseURL`, the network and that the server runs.',
    OPENAI_TIMEOUT: 'Raise `timeoutMs`, lower `maxTokens`, or use a faster model.',
    OPENAI_CUT_OFF: 'The partial answer is kept; ask again for the rest.',
    OPENAI_BUSY: 'Wait for the answers in progress, or raise `maxConcurrent`.',
    OPENAI_USER_LIMITED:
      'The user asked too often; they are told when to ask again. Tune `rateLimit` if needed.',
    OPENAI_INPUT_TOO_LONG: 'Shorten the input, or raise `maxInputLength`.',
    OPENAI_FAILED: 'Read the reason in the message; turn on debug logs for the request details.',
  },
  { plugin: 'openai' },
)

/** The codes with what to do about each. */
export const OPENAI_ERROR_CODES = catalogue.codes

/** A permanent error code of the OpenAI plugin. */
export type OpenAIErrorCode = keyof typeof OPENAI_ERROR_CODES

/** Creates a {@link BanterError} with one of the plugin's codes and its hint. */
export function openaiError(
  code: OpenAIErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): BanterError {
  return catalogue.error(code, message, { details })
}
