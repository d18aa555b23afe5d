import type { AIService } from '../plugins/ai-types.js'
import type { ScannerService } from '../plugins/security-types.js'

/**
 * Named services one plugin provides and others use. Plugins add theirs by module augmentation:
 *
 * @example
 * ```ts
 * declare module '@banter/core' {
 *   interface BanterServices { workflows: WorkflowService }
 * }
 * ```
 */
export interface BanterServices {
  /** AI generation, provided by an AI provider plugin. */
  ai: AIService
  /** File and message scanning, provided by a security plugin. */
  scanner: ScannerService
}

/** The name of a service in {@link BanterServices}. */
export type ServiceName = keyof BanterServices & string
