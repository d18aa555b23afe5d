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
