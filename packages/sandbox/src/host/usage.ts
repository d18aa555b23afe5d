/** What {@link sandboxUsage} reports per running sandboxed plugin. */
export interface GuestUsage {
  /** The plugin's manifest name. */
  readonly plugin: string
  /** `worker` or `isolate`. */
  readonly isolation: 'worker' | 'isolate'
  /** Its guest's heap in use, in bytes (`undefined` while it restarts). */
  readonly heapBytes: number | undefined
  /** Its heap limit, in MB. */
  readonly memoryMb: number
}

/** Something that can say how much it uses. */
export interface Measurable {
  usage(): Promise<GuestUsage>
}

const live = new Set<Measurable>()

/** @internal Counts a running sandbox in. */
export function track(sandbox: Measurable): () => void {
  live.add(sandbox)
  return () => {
    live.delete(sandbox)
  }
}

/**
 * The heap every running sandboxed plugin of this process uses (isolates report it themselves,
 * workers are asked): for metrics, dashboards and the memory figures of `npm run bench`.
 */
export async function sandboxUsage(): Promise<GuestUsage[]> {
  return Promise.all([...live].map((s) => s.usage()))
}
