/** Characters of user input a reply quotes at most. */
export const ECHO_CHARS = 40

/**
 * User input as a reply may echo it: a short excerpt (at most {@link ECHO_CHARS} characters, then
 * `…`), on one line, in a code span that the input cannot break (its backticks become `ˋ`).
 *
 * @example quoteInput('wel`come') // '`welˋcome`'
 */
export function quoteInput(input: string, max = ECHO_CHARS): string {
  // Look at a bounded head only: the input may be a megabyte long.
  const head = input.slice(0, max * 2 + 2)
  const flat = [...head.replace(/\s+/g, ' ').replace(/`/g, 'ˋ').trim()]
  const cut = flat.length > max || head.length < input.length
  const text = flat.slice(0, max).join('')
  return `\`${text === '' ? ' ' : text}${cut ? '…' : ''}\``
}
