/** A speaker `name` the API accepts (`^[a-zA-Z0-9_-]{1,64}$`) made from a chat name, or nothing. */
export function speakerName(name: string): string | undefined {
  const clean = name
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64)
  return clean === '' ? undefined : clean
}
