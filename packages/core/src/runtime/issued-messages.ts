/** How many of the latest messages core handed out count as their authors' in `ctx.commands.run`. */
export const ISSUED_WINDOW = 1_024

/** What marks a message as handed out (a pipeline marks the changed copies its stages return). */
export interface MessageMarks {
  /** Marks `message` as handed out by core. */
  add(message: object): void
}

/**
 * The messages core handed to plugins most recently (received, changed by a pipeline stage, or made
 * by `ctx.commands.run`): `ctx.commands.run(line, as)` runs as the author of `as` only when it is one
 * of them, by identity, so a plugin cannot act as an author it made up.
 *
 * A ring of the latest {@link ISSUED_WINDOW} objects, held strongly: marking is one array store, and
 * only `ctx.commands.run` looks (a scan of the ring, next to a command's own cost). A `WeakSet` kept
 * every message trusted for as long as anyone held it, but marking a fresh object cost 1–2 µs on
 * the receive path, mostly in the garbage collector, which walks a weak table of young keys at every
 * scavenge: more than the rest of `receive` with ten plugins. The window is a trade: a message older
 * than it runs as the plugin itself (fewer rights, never more), and the ring keeps that many
 * messages alive (about 0.3 KB each in the soak run; 4,096 took the soak's whole measured half to
 * fill, and counted as growth).
 */
export class IssuedMessages implements MessageMarks {
  readonly #ring: (object | undefined)[] = new Array<object | undefined>(ISSUED_WINDOW).fill(undefined)
  #next = 0
  /** The last object marked: an adapter or test that sends one object again marks it once. */
  #last: object | undefined

  add(message: object): void {
    if (message === this.#last) return
    this.#last = message
    this.#ring[this.#next] = message
    this.#next = (this.#next + 1) % ISSUED_WINDOW
  }

  /** Whether `message` is one of the latest messages handed out. */
  has(message: object): boolean {
    return this.#ring.includes(message)
  }
}
