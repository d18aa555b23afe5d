type Listener = (event: string, data: unknown) => void

const listeners = new Set<Listener>()
let source: EventSource | undefined

/** Opens the server-sent event stream once logged in. */
export function connectLive(): void {
  if (source) return
  source = new EventSource('api/events')
  for (const event of ['plugin', 'stats']) {
    source.addEventListener(event, (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as unknown
      for (const listener of listeners) listener(event, data)
    })
  }
}

/** Closes the stream (logout). */
export function disconnectLive(): void {
  source?.close()
  source = undefined
}

/** Calls `listener` for each live event until the returned function is called. */
export function onLive(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
