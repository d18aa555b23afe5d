import { z } from '@banter/core'
import type { StepType } from './step-type.js'

const aiSchema = z.strictObject({
  /** The prompt (template). */
  prompt: z.string().min(1),
  /** System prompt (template). */
  system: z.string().optional(),
  /** Model override. */
  model: z.string().optional(),
  /** Output token cap. */
  maxTokens: z.number().int().positive().optional(),
  /** Sampling temperature. */
  temperature: z.number().min(0).max(2).optional(),
})

/** `ai`: asks the `ai` service (any AI provider plugin); output `{ text, model, finishReason }`. */
export const aiStep: StepType<z.output<typeof aiSchema>> = {
  type: 'ai',
  description: 'Generates text with the AI provider plugin',
  schema: aiSchema,
  async run(config, step) {
    const ai = step.plugin.services.get('ai')
    const result = await ai.generate(step.render(config.prompt), {
      signal: step.signal,
      ...(config.system === undefined ? {} : { system: step.render(config.system) }),
      ...(config.model === undefined ? {} : { model: config.model }),
      ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
      ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
      ...(step.message ? { user: step.message.author.id } : {}),
    })
    return { output: { text: result.text, model: result.model, finishReason: result.finishReason } }
  },
}
