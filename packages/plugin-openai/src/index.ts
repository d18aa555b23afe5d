export { OPENAI_ERROR_CODES, type OpenAIErrorCode } from './error-codes.js'
export type { OpenAIAnsweredEvent, OpenAIFailedEvent, OpenAIToolEvent } from './events.js'
export { OpenAIPlugin, OpenAIPlugin as default } from './openai-plugin.js'
export {
  type OpenAIOptions,
  type OpenAIToolOption,
  openaiOptionsSchema,
  type ResolvedOpenAIOptions,
} from './options.js'
