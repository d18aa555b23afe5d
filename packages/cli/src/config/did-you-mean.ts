import { closest, distance } from 'fastest-levenshtein'

/**
 * The known key a mistyped key most likely meant (`tokne` → `token`, `apikey` → `apiKey`), or
 * nothing when none is close: two edits (a swap of two letters counts as two), or a third of its
 * letters for longer keys, and never a whole short key replaced.
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined
  const lower = key.toLowerCase()
  const sameLetters = known.find((k) => k.toLowerCase() === lower)
  if (sameLetters) return sameLetters
  const best = closest(
    lower,
    known.map((k) => k.toLowerCase()),
  )
  const match = known.find((k) => k.toLowerCase() === best)
  if (match === undefined) return undefined
  const edits = distance(lower, best)
  return edits <= Math.max(2, Math.floor(best.length / 3)) && edits < best.length - 1 ? match : undefined
}
