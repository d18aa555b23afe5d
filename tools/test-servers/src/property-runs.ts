/**
 * How many runs a property-based test (fast-check) makes: `ci` under `CI=true` (10,000 by default,
 * the floor issue 16 sets), `PROPERTY_RUNS` when set (to dig deeper locally), else `local` (a quick
 * run while editing).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.string(), (s) => parse(s) !== undefined), { numRuns: propertyRuns() })
 * ```
 */
export function propertyRuns(ci = 10_000, local = 300): number {
  const asked = Number(process.env.PROPERTY_RUNS)
  if (Number.isInteger(asked) && asked > 0) return asked
  return process.env.CI === 'true' ? ci : local
}

/**
 * The fast-check seed: `PROPERTY_SEED` when set (to replay or explore), a fixed seed under `CI=true`
 * (so a landing run is reproducible: a new counter-example shows up in a local run, which is random,
 * and is then kept as a regression case), else none (random). Spread it into the assert parameters.
 *
 * @example
 * ```ts
 * fc.assert(property, { numRuns: propertyRuns(), ...propertySeed() })
 * ```
 */
export function propertySeed(ciSeed = 20_261_201): { seed?: number } {
  const asked = Number(process.env.PROPERTY_SEED)
  if (process.env.PROPERTY_SEED && Number.isInteger(asked)) return { seed: asked }
  return process.env.CI === 'true' ? { seed: ciSeed } : {}
}
