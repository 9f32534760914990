// The REST API's JSON shapes: names for the types that `npm run api-types` generates from the
// OpenAPI document into src/lib/openapi.d.ts (not committed; README.md "API types"). A field the
// service renames, drops or retypes is a compile error where the dashboard reads it.
import type { components } from './openapi';

type Schemas = components['schemas'];

/** T as one object type, so editors and compiler messages show its fields, not the formula. */
type Flat<T> = { [P in keyof T]: T[P] };

/** V with every field optional, at any depth: what the narrowed shapes of N are checked against. */
type Loose<V> = V extends (infer E)[] ? Loose<E>[] : V extends object ? { [P in keyof V]?: Loose<V[P]> } : V;

/**
 * A response schema with the fields the service sends in every answer made required: K (ids,
 * statuses, lists it answers empty rather than leave out) and N (fields whose own type is one of
 * these narrowed shapes); every other field optional. The document lists some response fields as
 * required (primitives and the few the DTOs declare, api/RequiredFields), but the dashboard also
 * builds partial objects of these types from live events, so it keeps its own reading of the
 * DTOs; every key must be one of the schema's, and every N type one of its values.
 */
type Sent<
  T,
  K extends keyof T = never,
  N extends { [P in keyof N]: P extends keyof T ? Loose<T[P]> : never } = {},
> = Flat<
  Partial<Omit<T, K | keyof N>> & { [P in Exclude<K, keyof N>]-?: Exclude<T[P], undefined> } & N
>;

export type TaskStatus = Schemas['TaskStatus'];
export type DataKind = Schemas['DataKind'];
export type DataStatus = Schemas['DataStatus'];
export type ModuleStatus = Schemas['ModuleStatus'];

export interface Progress extends Sent<Schemas['TaskProgress'], 'fraction'> {}
export interface Attempt extends Sent<Schemas['TaskAttempt'], 'number'> {}
export interface Task extends Sent<Schemas['Task'], 'id' | 'module' | 'status', { progress?: Progress; attempts?: Attempt[] }> {}
export interface DataItem extends Sent<Schemas['DataItem'], 'id' | 'label' | 'tags' | 'kind' | 'status' | 'contentUrl'> {}
export interface Port extends Sent<Schemas['Port'], 'name' | 'kind'> {}
export interface Resources extends Sent<Schemas['Resources'], 'cpu' | 'memoryMb' | 'gpu'> {}
/** params: the document says only "JSON Schema of the task params" (any JSON); the form reads it as one. */
export interface Module extends Sent<
  Schemas['Module'],
  'name' | 'status',
  { inputs: Port[]; outputs: Port[]; resources?: Resources; params?: JsonSchema }
> {}
export interface Detection extends Sent<Schemas['Detection'], 'id' | 'state'> {}
export interface ModuleRuns extends Sent<
  Schemas['ModuleRuns'],
  'module' | 'runs' | 'succeeded' | 'failed' | 'successRate' | 'meanMillis'
> {}
export interface DashboardCounts extends Sent<Schemas['DashboardCounts'], 'tasks' | 'data' | 'modules'> {}
export interface Dashboard extends Sent<
  Schemas['Dashboard'],
  'workerSlots',
  { counts: DashboardCounts; active: Task[]; planned: Task[]; recent: Task[]; failures: Task[]; modules: ModuleRuns[] }
> {}
export interface LineageItem extends Sent<Schemas['LineageItem'], 'id' | 'label' | 'kind' | 'status'> {}
export interface LineageTask extends Sent<Schemas['LineageTask'], 'id' | 'module' | 'status'> {}
export interface LineageEdge extends Sent<Schemas['Edge'], 'from' | 'to' | 'port'> {}
export interface Lineage extends Sent<
  Schemas['Lineage'],
  'root' | 'truncated',
  { items: LineageItem[]; tasks: LineageTask[]; edges: LineageEdge[] }
> {}
export interface ItemRef extends Sent<Schemas['ItemRef'], 'id'> {}
export interface PipelineStep extends Sent<
  Schemas['PipelineStep'],
  'name' | 'taskId',
  { progress?: Progress; outputs: Record<string, ItemRef> }
> {}
export interface Pipeline extends Sent<Schemas['Pipeline'], 'id' | 'status', { steps: PipelineStep[] }> {}
export interface TaskPage extends Sent<Schemas['TaskPage'], 'page' | 'size' | 'total', { items: Task[] }> {}
export interface DataPage extends Sent<Schemas['DataPage'], 'page' | 'size' | 'total', { items: DataItem[] }> {}
export interface PipelinePage extends Sent<Schemas['PipelinePage'], 'page' | 'size' | 'total', { items: Pipeline[] }> {}
export interface FieldError extends Sent<Schemas['FieldError'], 'field' | 'message'> {}
export interface Problem extends Sent<Schemas['Problem'], 'status', { errors?: FieldError[] }> {}
export type CreateTask = Schemas['CreateTask'];

/** Every member of a union from the schema, in the order written; a member the schema adds and
 *  this list lacks, or one the schema no longer has, is a compile error. */
function every<T extends string>(members: Record<T, true>): T[] {
  return Object.keys(members) as T[];
}

export const TASK_STATUSES = every<TaskStatus>({
  WAITING: true,
  QUEUED: true,
  RUNNING: true,
  SUCCEEDED: true,
  FAILED: true,
  CANCELLED: true,
});
export const DATA_KINDS = every<DataKind>({ IMAGE: true, VIDEO: true, AUDIO: true, TEXT: true, JSON: true, FILE: true });
export const DATA_STATUSES = every<DataStatus>({ PENDING: true, AVAILABLE: true, FAILED: true });
export const TERMINAL: TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** A JSON Schema (draft 2020-12), as far as the form generator reads it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: JsonSchema;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
}

/** One server-sent event: `task`, `data` or `module`, with the thing's id and new state. */
export interface Change {
  type: string;
  id?: string;
  data: Record<string, any>;
}
export interface Caller extends Sent<Schemas['Caller'], 'user' | 'role'> {}
export interface Instance extends Sent<Schemas['Instance'], 'id' | 'role' | 'capacity' | 'running' | 'freeSlots' | 'state' | 'online' | 'capabilities' | 'gpus'> {}
export interface Throughput extends Sent<Schemas['Throughput'], 'start' | 'bucketSeconds' | 'modules' | 'succeeded' | 'failed' | 'queued'> {}
export interface BulkFailure extends Sent<Schemas['BulkTaskFailure'], 'id' | 'reason'> {}
export interface BulkResult extends Sent<Schemas['BulkTaskResult'], 'matched' | 'changed' | 'failedTotal', { failed: BulkFailure[] }> {}
