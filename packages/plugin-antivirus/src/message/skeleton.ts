// Characters phishers swap for Latin letters: Cyrillic and Greek look-alikes, digits and symbols.
// Hand-picked (the full Unicode confusables table is large and mostly irrelevant to host names).
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԝ: 'w',
  ɡ: 'g',
  ո: 'n',
  ս: 'u',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '|': 'i',
}

/**
 * The "skeleton" of a host label for look-alike comparison: NFKC, lower case, confusable characters
 * mapped to one Latin letter (`l`, `1` and `i` all become `i`), `rn` -> `m`, `vv` -> `w`,
 * `cl` -> `d`, and doubled letters collapsed. `D1scord`, `dlscord`, `diiscord` and `cliscord` all
 * become `discord`'s skeleton.
 */
export function skeleton(label: string): string {
  let out = ''
  for (const char of label.normalize('NFKC').toLowerCase()) out += CONFUSABLES[char] ?? char
  // `l` becomes `i` only after the pairs: `cl` must still be seen as `d` (`cliscord`).
  out = out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/l/g, 'i')
  return out.replace(/(.)\1+/g, '$1')
}
