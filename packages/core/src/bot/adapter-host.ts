import type { AdapterHost } from '../adapter/adapter-host.js'
import type { ChatMessage } from '../messages/chat-message.js'
import type { ReceiveResult } from '../runtime/message-flow.js'
import type { Runtime } from '../runtime/runtime.js'

/** Builds the narrow door an adapter gets onto its bot (see {@link AdapterHost}). */
export function createAdapterHost(
  runtime: Runtime,
  receive: (message: ChatMessage) => Promise<ReceiveResult>,
): AdapterHost {
  const { commands } = runtime
  return {
    receive,
    prefix: commands.prefix,
    clock: runtime.clock,
    logger: runtime.logger,
    emit: (name, payload) => runtime.events.emit(name, payload),
    commands: {
      list: () => commands.list(),
      find: (name) => {
        const command = commands.find(name)
        return command ? commands.info(command) : undefined
      },
      watch: (listener) => commands.watch(listener),
    },
  }
}
