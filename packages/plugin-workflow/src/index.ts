export { type Duration, formatDuration, parseDuration } from './definition/duration.js'
export {
  type ValidationEnv,
  validateWorkflow,
  type WorkflowDefaults,
} from './definition/validate-workflow.js'
export {
  describeTrigger,
  type Op,
  type RetryPolicy,
  type Trigger,
  type Workflow,
} from './definition/workflow.js'
export {
  type CommandTriggerInput,
  defineWorkflow,
  type EventTriggerInput,
  type ManualTriggerInput,
  type RetryInput,
  type ScheduleTriggerInput,
  type StepCommonInput,
  type StepInput,
  type TriggerInput,
  type WebhookTriggerInput,
  type WorkflowInput,
  type WorkflowMode,
} from './definition/workflow-types.js'
export type {
  WorkflowCancelledEvent,
  WorkflowCompletedEvent,
  WorkflowFailedEvent,
  WorkflowStartedEvent,
  WorkflowStepEvent,
} from './engine/events.js'
export type { WorkflowMetrics } from './engine/metrics.js'
export type { StartResult, TriggerFire } from './engine/workflow-engine.js'
export { isRetryable, WORKFLOW_ERRORS, type WorkflowErrorCode, workflowError } from './errors.js'
export { AddressPolicy } from './http/address-policy.js'
export {
  type ResolvedWorkflowOptions,
  type WorkflowOptions,
  workflowOptionsSchema,
} from './options.js'
export { WorkflowPlugin, WorkflowPlugin as default } from './plugin/workflow-plugin.js'
export type { WorkflowService } from './plugin/workflow-service.js'
export type {
  JobData,
  JobHandler,
  JobOutcome,
  JobState,
  QueueDriver,
  QueueJob,
  ScheduleSpec,
} from './queue/queue-driver.js'
export { FINISHED, type RunError, type RunRecord, type RunStatus } from './queue/run-record.js'
export type { Admission, AdmitPolicy, RunStore } from './queue/run-store.js'
export type {
  AnyStepType,
  StepContext,
  StepFacts,
  StepProblem,
  StepResult,
  StepType,
} from './steps/step-type.js'
export { SCOPE_ROOTS, type TemplateScope } from './template/template-engine.js'
export { asWorkerOptions, WORKFLOW_PLUGIN_NAME } from './worker-mode.js'
