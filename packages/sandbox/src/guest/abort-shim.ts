type Listener = (event: { type: string; target: AbortSignalShim }) => void

/** `AbortSignal` for isolates (V8 has none): `aborted`, `reason`, `onabort`, listeners, `throwIfAborted`. */
export class AbortSignalShim {
  aborted = false
  reason: unknown = undefined
  onabort: Listener | null = null
  readonly #listeners: { fn: Listener; once: boolean }[] = []

  addEventListener(type: string, fn: Listener, options?: { once?: boolean } | boolean): void {
    if (type !== 'abort' || typeof fn !== 'function') return
    this.#listeners.push({ fn, once: typeof options === 'object' && options?.once === true })
  }

  removeEventListener(type: string, fn: Listener): void {
    if (type !== 'abort') return
    const at = this.#listeners.findIndex((l) => l.fn === fn)
    if (at !== -1) this.#listeners.splice(at, 1)
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  /** @internal */
  fire(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason ?? new Error('This operation was aborted')
    const event = { type: 'abort', target: this }
    this.onabort?.(event)
    for (const listener of [...this.#listeners]) {
      if (listener.once) this.removeEventListener('abort', listener.fn)
      listener.fn(event)
    }
  }

  static abort(reason?: unknown): AbortSignalShim {
    const signal = new AbortSignalShim()
    signal.fire(reason)
    return signal
  }
}

/** `AbortController` for isolates. */
export class AbortControllerShim {
  readonly signal = new AbortSignalShim()

  abort(reason?: unknown): void {
    this.signal.fire(reason)
  }
}
