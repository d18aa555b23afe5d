import { describe, expect, it } from 'vitest'
import { Guard, type GuardedOwner } from '../src/runtime/guard.js'
import { PluginStats } from '../src/runtime/plugin-stats.js'
import { Watchdog } from '../src/runtime/watchdog.js'
import type { Clock } from '../src/timers/clock.js'

// The guard stamps a plugin's last use and samples its latency once per watchdog tick (the stamp is
// the tick's clock: it cannot change in between). The watchdog is never started here: it stays in
// one tick, as many calls of a busy plugin do.
const at = 1_796_000_000_000
const clock: Clock = {
  now: () => at,
  setTimeout: () => 0 as never,
  clearTimeout: () => {},
  setInterval: () => 0 as never,
  clearInterval: () => {},
}

function owner(): GuardedOwner {
  return { name: 'p', stats: new PluginStats(), timeoutMs: 1_000, onFailure: () => {} }
}

describe('plugin stats kept by the guard', () => {
  it('counts every call and stamps the last use', () => {
    const guard = new Guard(new Watchdog(clock))
    const p = owner()
    for (let i = 0; i < 3; i++) guard.call(p, 'hook', () => i, undefined, undefined)
    expect(p.stats.snapshot()).toMatchObject({ calls: 3, lastUsed: at })
  })

  it('stamps the first call after a reset (a reload) even within the same tick', () => {
    const guard = new Guard(new Watchdog(clock))
    const p = owner()
    guard.call(p, 'hook', () => 1, undefined, undefined)
    p.stats.reset()
    expect(p.stats.snapshot()).toMatchObject({ calls: 0, lastUsed: null })
    guard.call(p, 'hook', () => 1, undefined, undefined)
    expect(p.stats.snapshot()).toMatchObject({ calls: 1, lastUsed: at })
  })

  it('samples the latency of one call per tick, never the first call (initialize)', () => {
    const guard = new Guard(new Watchdog(clock))
    const p = owner()
    for (let i = 0; i < 5; i++) guard.call(p, 'hook', () => i, undefined, undefined)
    // The first call was untimed and the other four fell in the same tick: nothing sampled yet.
    expect(p.stats.snapshot().p50Ms).toBeNull()
    const later = new Guard(new Watchdog(clock))
    const q = owner()
    later.call(q, 'hook', () => 0, undefined, undefined)
    later.watchdog.tick()
    later.call(q, 'hook', () => 0, undefined, undefined)
    expect(q.stats.snapshot().p50Ms).not.toBeNull()
  })
})
