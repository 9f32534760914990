import { askForKey, authHeaders } from './auth';
import type {
  BulkResult,
  Caller,
  CreateTask,
  DataItem,
  DataPage,
  Dashboard,
  Detection,
  FieldError,
  Instance,
  Lineage,
  Module,
  Pipeline,
  PipelinePage,
  Problem,
  Task,
  TaskPage,
} from './types';

/** An answer other than 2xx, with the API's problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
  get errors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return { status: res.status, ...body };
  } catch {
    /* not JSON */
  }
  return { status: res.status, title: res.statusText, detail: text.slice(0, 300) || res.statusText };
}

/**
 * fetch with the key; on 401 asks for a key and repeats the request until the API takes the key
 * or the person cancels the dialog, so a wrong key followed by the right one leaves no error.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  for (;;) {
    const headers = { Accept: 'application/json', ...authHeaders(), ...(init.headers as Record<string, string>) };
    const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
    if (res.status === 401 && (await askForKey())) continue;
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    return res;
  }
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json();
}

export async function getText(path: string): Promise<string> {
  return (await request(path, { headers: { Accept: 'text/plain' } })).text();
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await request(path, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  dashboard: () => getJson<Dashboard>('/api/v1/dashboard'),
  tasks: (f: Record<string, string | number | undefined>) => getJson<TaskPage>(`/api/v1/tasks${query(f)}`),
  me: () => getJson<Caller>('/api/v1/me'),
  instances: () => getJson<Instance[]>('/api/v1/instances'),
  task: (id: string) => getJson<Task>(`/api/v1/tasks/${encodeURIComponent(id)}`),
  taskLog: (id: string) => getText(`/api/v1/tasks/${encodeURIComponent(id)}/log`),
  cancelTask: (id: string) => postJson<Task>(`/api/v1/tasks/${encodeURIComponent(id)}/cancel`),
  retryTask: (id: string, changes?: { timeoutSeconds?: number; maxAttempts?: number }) =>
    postJson<Task>(`/api/v1/tasks/${encodeURIComponent(id)}/retry`, changes && Object.keys(changes).length ? changes : undefined),
  bulkTasks: (action: 'retry' | 'cancel' | 'delete', body: Record<string, unknown>) => postJson<BulkResult>(`/api/v1/tasks/${action}`, body),
  pipelineAction: (id: string, action: 'cancel' | 'retry') => postJson<BulkResult>(`/api/v1/pipelines/${encodeURIComponent(id)}/${action}`),
  createTask: (body: CreateTask) => postJson<Task>('/api/v1/tasks', body),
  data: (f: Record<string, string | number | undefined>) => getJson<DataPage>(`/api/v1/data${query(f)}`),
  item: (id: string) => getJson<DataItem>(`/api/v1/data/${encodeURIComponent(id)}`),
  lineage: (id: string) => getJson<Lineage>(`/api/v1/data/${encodeURIComponent(id)}/lineage`),
  itemText: (id: string) => getText(`/api/v1/data/${encodeURIComponent(id)}/content`),
  deleteItem: (id: string) => request(`/api/v1/data/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  pipelines: (f: Record<string, string | number | undefined>) => getJson<PipelinePage>(`/api/v1/pipelines${query(f)}`),
  pipeline: (id: string) => getJson<Pipeline>(`/api/v1/pipelines/${encodeURIComponent(id)}`),
  modules: () => getJson<Module[]>('/api/v1/modules'),
  module: (name: string) => getJson<Module>(`/api/v1/modules/${encodeURIComponent(name)}`),
  moduleLog: (name: string) => getText(`/api/v1/modules/${encodeURIComponent(name)}/log`),
  detect: () => postJson<Detection>('/api/v1/modules/detect'),
  detection: () => getJson<Detection>('/api/v1/modules/detect'),
  moduleAction: (name: string, action: 'enable' | 'disable' | 'reinstall') =>
    postJson<unknown>(`/api/v1/modules/${encodeURIComponent(name)}/${action}`),
  /** Uploads a module zip (admins); the name defaults to the zip's top folder or file name. */
  uploadModule: async (file: File, name?: string): Promise<Module> => {
    const form = new FormData();
    form.append('file', file, file.name);
    if (name) form.append('name', name);
    return (await request('/api/v1/modules', { method: 'POST', body: form })).json();
  },
  deleteModule: (name: string) => request(`/api/v1/modules/${encodeURIComponent(name)}`, { method: 'DELETE' }),
};

export interface UploadHandle {
  promise: Promise<DataItem>;
  abort: () => void;
}

/**
 * Uploads one file as multipart/form-data with XMLHttpRequest, whose upload events give the
 * progress bar (fetch has no upload progress). A 401 asks for the key and starts again.
 */
export function upload(
  file: File,
  fields: { label?: string; tags?: string },
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  let xhr: XMLHttpRequest | null = null;
  let aborted = false;
  const send = (retried: boolean): Promise<DataItem> =>
    new Promise<DataItem>((resolve, reject) => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (fields.label) form.append('label', fields.label);
      if (fields.tags) form.append('tags', fields.tags);
      xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/data');
      xhr.setRequestHeader('Accept', 'application/json');
      for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new ApiError(0, { status: 0, detail: 'The upload was interrupted (network error).' }));
      xhr.onabort = () => reject(new ApiError(0, { status: 0, detail: 'Upload cancelled.' }));
      xhr.onload = () => {
        const x = xhr!;
        let body: any = null;
        try {
          body = JSON.parse(x.responseText);
        } catch {
          /* not JSON */
        }
        if (x.status >= 200 && x.status < 300) resolve(body as DataItem);
        else if (x.status === 401 && !retried && !aborted) {
          askForKey().then((ok) =>
            ok ? send(true).then(resolve, reject) : reject(new ApiError(401, { status: 401, ...(body ?? {}) })),
          );
        } else reject(new ApiError(x.status, { status: x.status, detail: x.statusText, ...(body ?? {}) }));
      };
      xhr.send(form);
    });
  return {
    promise: send(false),
    abort: () => {
      aborted = true;
      xhr?.abort();
    },
  };
}
