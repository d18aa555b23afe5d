/** How often sandbox deadlines and worker heartbeats are checked, in ms. */
export const TICK_MS = 20

const tasks = new Set<() => void>()
let handle: NodeJS.Timeout | undefined
let holds = 0

function sync(): void {
  if (tasks.size === 0 && holds === 0) {
    if (handle) clearInterval(handle)
    handle = undefined
    return
  }
  if (!handle) {
    handle = setInterval(() => {
      for (const t of tasks) t()
    }, TICK_MS)
  }
  if (holds > 0) handle.ref()
  else handle.unref()
}

/**
 * Runs `task` every tick, on one process-wide interval (never a timer per call). The interval keeps
 * the process alive only while someone {@link hold}s it. Returns a function that stops the task.
 */
export function everyTick(task: () => void): () => void {
  tasks.add(task)
  sync()
  return () => {
    tasks.delete(task)
    sync()
  }
}

/**
 * Keeps the process alive while the host waits for a guest (a guest starting, a call pending): an
 * idle guest never does, but a bot whose only work is a plugin starting in a worker must not exit.
 * Returns the release (idempotent).
 */
export function hold(): () => void {
  holds += 1
  sync()
  let released = false
  return () => {
    if (released) return
    released = true
    holds -= 1
    sync()
  }
}
