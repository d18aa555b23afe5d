/** Fisher–Yates shuffle of a copy of `items` (order of jobs changes every round, against drift). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

/**
 * Values collected per key and per round, so that ratios can pair two keys measured in the same
 * round (the machine is noisy; pairs from one round drift together).
 */
export class RoundTable {
  readonly #values = new Map<string, Map<number, number>>()

  /** Records `value` for `key` in `round`. */
  set(key: string, round: number, value: number): void {
    let byRound = this.#values.get(key)
    if (!byRound) {
      byRound = new Map()
      this.#values.set(key, byRound)
    }
    byRound.set(round, value)
  }

  /** The values of `key` over the rounds that measured it. */
  values(key: string): number[] {
    return [...(this.#values.get(key)?.values() ?? [])]
  }

  /** `a - b` for every round that measured both, as `[round, difference]`. */
  differences(a: string, b: string): [number, number][] {
    const left = this.#values.get(a)
    const right = this.#values.get(b)
    if (!left || !right) return []
    const out: [number, number][] = []
    for (const [round, value] of left) {
      const other = right.get(round)
      if (other !== undefined) out.push([round, value - other])
    }
    return out
  }

  /** `a / b` for every round that measured both. */
  ratios(a: string, b: string): number[] {
    const left = this.#values.get(a)
    const right = this.#values.get(b)
    if (!left || !right) return []
    const out: number[] = []
    for (const [round, value] of left) {
      const other = right.get(round)
      if (other !== undefined && other !== 0) out.push(value / other)
    }
    return out
  }
}
