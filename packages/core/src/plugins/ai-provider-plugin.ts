import type { AIGenerateOptions, AIMessage, AIResult, AIService } from './ai-types.js'
import { BasePlugin } from './base-plugin.js'
import type { PluginContext } from './plugin-context.js'

/**
 * Base of AI provider plugins. Implement `generate` and `stream`; call `super.initialize(ctx)` (or
 * `this.provideAI(ctx)`) so other plugins get them as the `ai` service.
 */
export abstract class AIProviderPlugin<Config = Record<string, never>>
  extends BasePlugin<Config>
  implements AIService
{
  /** Generates a whole answer. */
  abstract generate(input: string | readonly AIMessage[], options?: AIGenerateOptions): Promise<AIResult>
  /** Streams an answer as text chunks. */
  abstract stream(input: string | readonly AIMessage[], options?: AIGenerateOptions): AsyncIterable<string>

  /**
   * Provides this plugin as the `ai` service. The service acts with its caller's rights: what a
   * consumer asks is sent to an outside AI provider, so the consumer needs `network` itself.
   */
  protected provideAI(ctx: PluginContext<Config>): void {
    ctx.services.provideFor('ai', (caller) => ({
      generate: (input, options) => {
        caller.assert('network', 'send text to the AI service')
        return this.generate(input, options)
      },
      stream: (input, options) => {
        caller.assert('network', 'send text to the AI service')
        return this.stream(input, options)
      },
    }))
  }

  override initialize(ctx: PluginContext<Config>): void | Promise<void> {
    this.provideAI(ctx)
  }
}
