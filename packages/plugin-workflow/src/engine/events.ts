import type { EventError } from '@banter/core'

/** Payload of `workflow.started`. */
export interface WorkflowStartedEvent {
  readonly workflowId: string
  readonly runId: string
  /** The trigger kind: `event`, `schedule`, `command`, `webhook`, `manual`. */
  readonly trigger: string
}

/** Payload of `workflow.step`: one attempt of one step finished. */
export interface WorkflowStepEvent {
  readonly workflowId: string
  readonly runId: string
  /** Step id. */
  readonly step: string
  /** Step type (`if` for branches). */
  readonly type: string
  /** 1 for the first attempt. */
  readonly attempt: number
  readonly ok: boolean
  readonly durationMs: number
  /** Why the attempt failed. */
  readonly error?: EventError
  /** Whether it will be tried again. */
  readonly willRetry?: boolean
  /** When it will: the backoff chosen, in milliseconds. */
  readonly retryInMs?: number
}

/** Payload of `workflow.completed`. */
export interface WorkflowCompletedEvent {
  readonly workflowId: string
  readonly runId: string
  /** From the first step to the end, delays included. */
  readonly durationMs: number
}

/** Payload of `workflow.failed`. */
export interface WorkflowFailedEvent {
  readonly workflowId: string
  readonly runId: string
  readonly error: EventError
  /** The step that failed, when one did. */
  readonly step?: string
}

/** Payload of `workflow.cancelled`. */
export interface WorkflowCancelledEvent {
  readonly workflowId: string
  readonly runId: string
  readonly reason: string
}

declare module '@banter/core' {
  interface BotEvents {
    /** A workflow run started its first step. */
    'workflow.started': WorkflowStartedEvent
    /** One attempt of one step of a run finished. */
    'workflow.step': WorkflowStepEvent
    /** A run finished every step. */
    'workflow.completed': WorkflowCompletedEvent
    /** A run failed for good. */
    'workflow.failed': WorkflowFailedEvent
    /** A run was cancelled. */
    'workflow.cancelled': WorkflowCancelledEvent
  }
}
