/** The longest text from outside (a server's error body, a command line) quoted whole in a log line. */
export const EXCERPT_CHARS = 300

/**
 * A short excerpt of a text that came from outside the bot (an error body that may quote the whole
 * question and conversation back, a command line the model wrote): the text itself when it is at
 * most `max` characters, else its start followed by how much was left out. Never splits an emoji.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  const cut = code >= 0xd800 && code <= 0xdbff ? max - 1 : max
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`
}
