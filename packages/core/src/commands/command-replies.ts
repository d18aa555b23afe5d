/**
 * The replies of one command run: how many are still on their way to the platform (queued behind a
 * rate limit, say) and how many were delivered. The runner asks when the command times out: a reply
 * that was still being sent and then went out means the user got an answer, so no failure notice.
 */
export class CommandReplies {
  #sending: Promise<void>[] | undefined
  #pending = 0
  #delivered = 0

  /** Watches `sending` (and returns it as is). */
  track<Sent>(sending: Promise<Sent>): Promise<Sent> {
    this.#pending += 1
    const settled = sending.then(
      () => {
        this.#pending -= 1
        this.#delivered += 1
      },
      () => {
        this.#pending -= 1
      },
    )
    if (this.#sending === undefined) this.#sending = [settled]
    else this.#sending.push(settled)
    return sending
  }

  /** Replies sent but not delivered (nor refused) yet. */
  get pending(): number {
    return this.#pending
  }

  /** Replies delivered so far. */
  get delivered(): number {
    return this.#delivered
  }

  /** Resolves once every reply tracked so far has been delivered or refused. */
  async settled(): Promise<void> {
    if (this.#sending !== undefined) await Promise.all(this.#sending)
  }
}
