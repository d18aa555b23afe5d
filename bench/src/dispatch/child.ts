/**
 * Child process entry of the dispatch suite: measures one case in a fresh process (so the JIT state
 * of one case never skews another) and sends the result to the parent over IPC.
 *
 * argv[2] is a JSON {@link ChildSpec}.
 */

import { answerParent } from '../harness/answer-parent.js'
import { latency, throughput, type Window } from '../harness/measure.js'
import { findCase } from './cases.js'
import type { HeapApi } from './heap.js'

/** What the parent asks a child to measure. */
export type ChildSpec =
  | {
      readonly mode: 'throughput' | 'latency'
      readonly case: string
      readonly n: number
      readonly window: Window
    }
  | { readonly mode: 'heap'; readonly api: HeapApi; readonly count: number }

async function main(): Promise<unknown> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec
  if (spec.mode === 'heap') return (await import('./heap.js')).measureHeap(spec.api, spec.count)
  const driver = await findCase(spec.case).setup(spec.n)
  try {
    return spec.mode === 'throughput'
      ? { msgsPerSecond: await throughput(driver, spec.window) }
      : await latency(driver, spec.window)
  } finally {
    // A peer that fails to shut down cleanly does not void what was measured.
    await Promise.resolve(driver.stop?.()).catch(() => {})
  }
}

answerParent(main())
