import type { OutgoingMessage, PluginModuleManifest } from '@banter/core'

// No class and no object: a file of hook functions is a plugin too, named after the file ("emoji").
export const manifest = {
  description: 'Turns :wave: into 👋 in what the bot sends',
  permissions: ['messages:transform'],
} satisfies PluginModuleManifest

export function onMessageSent(message: OutgoingMessage) {
  return { ...message, content: message.content.replaceAll(':wave:', '👋') }
}
