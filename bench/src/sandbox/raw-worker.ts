import { Worker } from 'node:worker_threads'

/**
 * The floor under a worker sandbox: a bare worker that answers each message with a small object,
 * no framework. A message here is a ~400-byte object, as the bot's messages are.
 */
export async function rawWorker(): Promise<{
  call(message: object): Promise<unknown>
  stop(): Promise<void>
}> {
  const code = `
    const { parentPort } = require('node:worker_threads')
    parentPort.on('message', (batch) => parentPort.postMessage(batch.map((m) => ({ id: m.id, same: 1 }))))
  `
  const worker = new Worker(code, { eval: true })
  const pending = new Map<number, (value: unknown) => void>()
  let next = 1
  let queue: { id: number; m: object }[] = []
  worker.on('message', (answers: { id: number }[]) => {
    for (const a of answers) {
      pending.get(a.id)?.(a)
      pending.delete(a.id)
    }
  })
  await new Promise((resolve) => worker.once('online', resolve))
  return {
    call(message) {
      const id = next++
      if (queue.length === 0) {
        queueMicrotask(() => {
          const batch = queue
          queue = []
          worker.postMessage(batch)
        })
      }
      queue.push({ id, m: message })
      return new Promise((resolve) => pending.set(id, resolve))
    },
    stop: async () => {
      await worker.terminate()
    },
  }
}
