import { Redis } from 'ioredis'
import { answerParent } from '../harness/answer-parent.js'
import { pluginRound, type Round, rawRound } from './rounds.js'

/** What the parent asks the workflow child to measure. */
export interface WorkflowChildSpec {
  readonly url: string
  readonly concurrency: readonly number[]
  readonly count: number
  readonly rounds: number
}

/** The rounds of each side, per concurrency (in the order of the spec's). */
export type WorkflowChildResult = readonly { readonly plugin: Round[]; readonly raw: Round[] }[]

/**
 * Child process of the workflow suite: every round of both sides, in one process, bundled as the
 * shipped code is compiled (no esbuild `keepNames`; tsx's `__name()` wrappers would charge every
 * closure the plugin makes to Banter alone, while BullMQ runs as published).
 *
 * argv[2] is a JSON {@link WorkflowChildSpec}.
 */
async function main(): Promise<WorkflowChildResult> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as WorkflowChildSpec
  const info = new Redis(spec.url)
  try {
    // One unrecorded round of each side first: the optimiser compiles both paths before anything
    // counts (the plugin runs more code, so a cold start would be charged mostly to it).
    await rawRound(spec.url, info, 10, spec.count)
    await pluginRound(spec.url, info, 10, spec.count)
    const result: { plugin: Round[]; raw: Round[] }[] = []
    for (const concurrency of spec.concurrency) {
      const plugin: Round[] = []
      const raw: Round[] = []
      for (let round = 0; round < spec.rounds; round++) {
        // Alternate which side goes first so warm-up and Redis state favour neither.
        if (round % 2 === 0) {
          raw.push(await rawRound(spec.url, info, concurrency, spec.count))
          plugin.push(await pluginRound(spec.url, info, concurrency, spec.count))
        } else {
          plugin.push(await pluginRound(spec.url, info, concurrency, spec.count))
          raw.push(await rawRound(spec.url, info, concurrency, spec.count))
        }
      }
      result.push({ plugin, raw })
    }
    return result
  } finally {
    info.disconnect()
  }
}

answerParent(main())
