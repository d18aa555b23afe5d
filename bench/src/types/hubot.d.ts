// Hubot 14 ships no type declarations; these cover what the benchmark uses.
declare module 'hubot' {
  import type { EventEmitter } from 'node:events'

  export class User {
    constructor(id: string, options?: Record<string, unknown>)
    id: string
  }
  export class Message {
    constructor(user: User, done?: boolean)
    done: boolean
  }
  export class TextMessage extends Message {
    constructor(user: User, text: string, id: string)
    text: string
  }
  export class Adapter extends EventEmitter {
    constructor(robot: Robot)
    robot: Robot
    send(envelope: unknown, ...strings: string[]): Promise<unknown>
    reply(envelope: unknown, ...strings: string[]): Promise<unknown>
    run(): Promise<void>
    close(): void
  }
  export interface AdapterModule {
    use(robot: Robot): Adapter | Promise<Adapter>
  }
  export class Robot {
    constructor(adapter: AdapterModule | string, httpd?: boolean, name?: string, alias?: string | false)
    loadAdapter(path?: string | null): Promise<void>
    hear(regex: RegExp, callback: (response: unknown) => unknown): void
    hear(regex: RegExp, options: Record<string, unknown>, callback: (response: unknown) => unknown): void
    receive(message: Message): Promise<unknown>
    run(): Promise<void>
    shutdown(): void
  }
}
