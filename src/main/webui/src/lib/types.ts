// Shapes of the REST API's JSON (see /q/openapi). Only the fields the dashboard reads.

export type TaskStatus = 'WAITING' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type DataKind = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'TEXT' | 'JSON' | 'FILE';
export type DataStatus = 'PENDING' | 'AVAILABLE' | 'FAILED';

export const TASK_STATUSES: TaskStatus[] = ['WAITING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
export const DATA_KINDS: DataKind[] = ['IMAGE', 'VIDEO', 'AUDIO', 'TEXT', 'JSON', 'FILE'];
export const DATA_STATUSES: DataStatus[] = ['PENDING', 'AVAILABLE', 'FAILED'];
export const TERMINAL: TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface Progress {
  fraction: number;
  message?: string | null;
}

export interface Attempt {
  number: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  outcome?: string | null;
  exitCode?: number | null;
  message?: string | null;
}

export interface Task {
  id: string;
  module: string;
  moduleVersion?: string | null;
  label?: string | null;
  inputs?: Record<string, string>;
  params?: unknown;
  outputs?: Record<string, string>;
  status: TaskStatus;
  priority?: number;
  attempt?: number;
  maxAttempts?: number;
  timeoutSeconds?: number;
  notBefore?: string | null;
  progress?: Progress | null;
  error?: { message?: string | null; exitCode?: number | null; logTail?: string | null } | null;
  attempts?: Attempt[];
  failedBecause?: string | null;
  pipelineId?: string | null;
  createdAt?: string | null;
  queuedAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface DataItem {
  id: string;
  label: string;
  tags: string[];
  kind: DataKind;
  mediaType?: string | null;
  isFile?: boolean;
  status: DataStatus;
  size?: number | null;
  sha256?: string | null;
  origin?: string | null;
  producerTaskId?: string | null;
  producerOutput?: string | null;
  metadata?: Record<string, unknown>;
  reason?: string | null;
  consumers?: string[];
  createdAt?: string | null;
  updatedAt?: string | null;
  availableAt?: string | null;
  contentUrl: string;
}

export interface PageOf<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Port {
  name: string;
  kind: string;
  optional?: boolean;
  mediaType?: string | null;
  description?: string | null;
}

export interface Module {
  name: string;
  version?: string | null;
  description?: string | null;
  status: string;
  reason?: string | null;
  inputs: Port[];
  outputs: Port[];
  params?: JsonSchema | null;
  requirements?: string[];
  resources?: { cpu: number; memoryMb: number; gpu: boolean } | null;
  timeoutSeconds?: number | null;
  checksum?: string | null;
  detectedAt?: string | null;
  updatedAt?: string | null;
  availableAt?: string | null;
}

export interface Detection {
  id: string;
  state: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  counts?: Record<string, number>;
  error?: string | null;
}

export interface ModuleRuns {
  module: string;
  runs: number;
  succeeded: number;
  failed: number;
  successRate: number;
  meanMillis: number;
}

export interface Dashboard {
  counts: {
    tasks: Partial<Record<TaskStatus, number>>;
    data: Record<string, number>;
    modules: Record<string, number>;
  };
  active: Task[];
  planned: Task[];
  recent: Task[];
  failures: Task[];
  modules: ModuleRuns[];
  workerSlots: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  port: string;
}

export interface Lineage {
  root: string;
  items: { id: string; label: string; kind: DataKind; status: DataStatus }[];
  tasks: { id: string; label?: string | null; module: string; status: TaskStatus }[];
  edges: LineageEdge[];
  truncated: boolean;
}

export interface Pipeline {
  id: string;
  label?: string | null;
  status: string;
  createdAt?: string | null;
  steps: {
    name: string;
    taskId: string;
    module?: string | null;
    status?: TaskStatus | null;
    progress?: Progress | null;
    error?: string | null;
    outputs: Record<string, { id: string; kind?: DataKind | null; status?: DataStatus | null }>;
  }[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: FieldError[];
}

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
