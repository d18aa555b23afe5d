/**
 * `@banter/core/guest`: the parts of core a plugin uses that need no Node API (plugin classes and
 * definitions, errors, messages, commands' argument helpers, permissions, zod), with every type of
 * `@banter/core`. A sandbox guest imports this instead of the full entry, whose bot, storage and
 * logger load Node modules: `@banter/sandbox` builds its guest runtime from it and points a plugin's
 * `@banter/core` here when it bundles the plugin for an isolate. The UI schemas stay out: they call
 * zod when loaded, which would put all of zod into every isolate (about 800 KB of script).
 */

export { z } from 'zod'
export { hasAccess } from './commands/access.js'
export { argSlots, excerpt, tokenize, usageLine, validateArgs } from './commands/parse-args.js'
export { BanterError, isBanterError, PermissionDeniedError } from './errors/banter-error.js'
export { defineErrors } from './errors/define-errors.js'
export { ERROR_CODES } from './errors/error-codes.js'
export type * from './index.js'
export { STOP } from './messages/chat-message.js'
export { assertChatMessage, createMessage } from './messages/create-message.js'
export { mention, mentionedIds, renderMentions } from './messages/mention.js'
export { openFence, splitMessage } from './messages/split-message.js'
export { isPermission, PERMISSIONS, PermissionSet } from './permissions/permissions.js'
export { AIProviderPlugin } from './plugins/ai-provider-plugin.js'
export { AutomationPlugin } from './plugins/automation-plugin.js'
export { BasePlugin, isPluginClass } from './plugins/base-plugin.js'
export { definePlugin, isPluginDefinition } from './plugins/define-plugin.js'
export { SECURITY_PRIORITY, SecurityPlugin } from './plugins/security-plugin.js'
