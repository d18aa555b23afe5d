import type { ChatMessage, MessageDraft, MessageRef } from '../messages/chat-message.js'
import { toOutgoing } from '../messages/messenger.js'
import { type ContextKit, rejecting } from './context-kit.js'
import type { PluginMessages } from './plugin-context.js'

/**
 * A plugin's messages (`ctx.messages`): everything it causes to be sent, its command replies
 * included, goes through here, checked against its permissions and carrying its name as `source`.
 */
export function createPluginMessages(kit: ContextKit): PluginMessages {
  const { record, runtime, check, alive } = kit
  const name = record.name
  const allowed = <Result>(
    permission: 'messages:send' | 'messages:delete',
    action: string,
    run: () => Promise<Result>,
  ) =>
    rejecting(() => {
      alive(action)
      check(permission, action)
      return run()
    })
  return {
    send: (channelId: string, draft: MessageDraft) =>
      allowed('messages:send', 'send messages', () =>
        runtime.messenger.deliver(toOutgoing(channelId, name, draft)),
      ),
    reply: (to: ChatMessage | MessageRef, draft: MessageDraft) =>
      allowed('messages:send', 'reply to messages', () =>
        runtime.messenger.deliver(toOutgoing(to.channelId, name, draft, { replyTo: to.id })),
      ),
    edit: (ref: MessageRef, draft: MessageDraft) =>
      allowed('messages:send', 'edit messages', () => runtime.messenger.edit(ref, name, draft)),
    delete: (ref: MessageRef) =>
      allowed('messages:delete', 'delete messages', () => runtime.messenger.delete(ref)),
    react: (ref: MessageRef, emoji: string) =>
      allowed('messages:send', 'react to messages', () => runtime.messenger.react(ref, emoji)),
  }
}
