const HOUR = 3_600_000

/** Threats found per hour over the last `hours` (in this process, since it started). */
export class ThreatTimeline {
  readonly #counts = new Map<number, number>()
  readonly #hours: number

  constructor(hours = 24) {
    this.#hours = hours
  }

  /** Counts `n` threats found at `time` (ms). */
  add(time: number, n = 1): void {
    const hour = Math.floor(time / HOUR) * HOUR
    this.#counts.set(hour, (this.#counts.get(hour) ?? 0) + n)
    for (const key of this.#counts.keys()) if (key <= hour - this.#hours * HOUR) this.#counts.delete(key)
  }

  /** One point per hour up to `now`, oldest first (hours without threats count 0). */
  points(now: number): { t: number; v: number }[] {
    const last = Math.floor(now / HOUR) * HOUR
    return Array.from({ length: this.#hours }, (_, i) => {
      const t = last - (this.#hours - 1 - i) * HOUR
      return { t, v: this.#counts.get(t) ?? 0 }
    })
  }
}
