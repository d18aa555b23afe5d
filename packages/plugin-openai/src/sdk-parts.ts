/**
 * The parts of the plugin that need the `openai` SDK. The plugin imports this module only once it is
 * configured (an API key or a base URL), so a bot without either never loads the SDK.
 */
export { ChatResponder } from './chat-responder.js'
export { classifyFailure } from './classify-failure.js'
export { createClient } from './create-client.js'
