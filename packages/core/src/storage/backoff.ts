/**
 * Delay before retry number `attempt` (0-based): "full jitter", a random time between 0 and
 * `baseMs * 2^attempt` capped at `capMs`, so contenders that collided spread out instead of colliding
 * again in step.
 *
 * @internal
 */
export function jitteredDelay(attempt: number, baseMs = 2, capMs = 100): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt)
}

/** Resolves after `ms` milliseconds of real time. @internal */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
