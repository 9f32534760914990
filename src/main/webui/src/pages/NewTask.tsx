import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api';
import { shortId, taskName } from '../lib/format';
import { collectParams, errorsByField, fieldsOf, fits, initialValues, type Field } from '../lib/schemaForm';
import { advancedFrom, valuesFromParams } from '../lib/taskActions';
import type { CreateTask, DataItem, FieldError, Module, Port, Task } from '../lib/types';
import { ErrorBox, Section, Status, navigate, useLoad, type Route } from '../ui';

const ADVANCED = ['label', 'priority', 'maxAttempts', 'timeoutSeconds', 'delaySeconds'] as const satisfies readonly (keyof CreateTask)[];

/** Items a port may take: a fitting kind, AVAILABLE or PENDING (an output still to be produced). */
async function candidates(port: Port): Promise<DataItem[]> {
  const kind = port.kind === 'FILE' ? undefined : port.kind;
  const [ready, pending] = await Promise.all([
    api.data({ kind, status: 'AVAILABLE', size: 200 }),
    api.data({ kind, status: 'PENDING', size: 200 }),
  ]);
  return [...ready.items, ...pending.items].filter((i) => fits(port.kind, i.kind));
}

/** A form generated from the chosen module's ports and params schema; the API's 422 errors land at the fields. */
export function NewTask({ route }: { route: Route }) {
  const modules = useLoad(() => api.modules(), []);
  const preset = route.query.get('input') ?? '';
  const presetItem = useLoad(() => (preset ? api.item(preset) : Promise.resolve(null)), [preset]);
  // "Run again with changes": the form starts as the task `from` was created.
  const fromId = route.query.get('from') ?? '';
  const from = useLoad(() => (fromId ? api.task(fromId) : Promise.resolve(null)), [fromId]);
  const [moduleName, setModuleName] = useState(route.query.get('module') ?? '');
  useEffect(() => {
    if (from.value) setModuleName(from.value.module);
  }, [from.value]);
  const available = (modules.value ?? []).filter((m) => m.status === 'AVAILABLE');
  // Without a module in the URL: the first module that can take the preset item, else the first.
  useEffect(() => {
    if (moduleName || !modules.value || (preset && presetItem.loading) || (fromId && from.loading)) return;
    const pi = presetItem.value;
    const fitting = pi ? available.find((m) => m.inputs.some((p) => fits(p.kind, pi.kind))) : undefined;
    const first = fitting ?? available[0];
    if (first) setModuleName(first.name);
  }, [modules.value, presetItem.value, presetItem.loading]);
  const module = (modules.value ?? []).find((m) => m.name === moduleName);
  return (
    <div class="page">
      <div class="page-head">
        <h1>{from.value ? `Run again: ${taskName(from.value)}` : 'New task'}</h1>
      </div>
      {from.value && (
        <p class="notice" role="status">
          The form holds what <a href={`#/tasks/${from.value.id}`}>{taskName(from.value)}</a> ran with. Change what you need: it creates a new task with new outputs; the
          old one stays as it is.
        </p>
      )}
      <ErrorBox error={modules.error} />
      <ErrorBox error={from.error} />
      <div class="field">
        <label for="module">Module</label>
        <select
          id="module"
          value={moduleName}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            setModuleName(v);
          }}
        >
          {!moduleName && <option value="">choose…</option>}
          {available.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name} {m.version ?? ''}
            </option>
          ))}
          {module && module.status !== 'AVAILABLE' && <option value={module.name}>{module.name} (not available)</option>}
        </select>
        {modules.value && available.length === 0 && (
          <p class="hint">
            No module is AVAILABLE. See <a href="#/modules">Modules</a>.
          </p>
        )}
        {module?.description && <p class="hint">{module.description}</p>}
      </div>
      {module && module.status !== 'AVAILABLE' && (
        <p class="error">
          {module.name} is <Status s={module.status} />: {module.reason ?? 'it does not accept tasks.'}
        </p>
      )}
      {module && (!fromId || !from.loading) && (
        <TaskForm key={module.name} module={module} preset={presetItem.value ?? null} from={from.value?.module === module.name ? from.value : null} />
      )}
    </div>
  );
}

function TaskForm({ module, preset, from }: { module: Module; preset: DataItem | null; from: Task | null }) {
  const fields = useMemo(() => fieldsOf(module.params), [module]);
  const [values, setValues] = useState(() => (from ? valuesFromParams(fields, from.params, initialValues(fields)) : initialValues(fields)));
  const [inputs, setInputs] = useState<Record<string, string>>(() => {
    if (from) return { ...(from.inputs ?? {}) };
    const v: Record<string, string> = {};
    const port = preset && module.inputs.find((p) => fits(p.kind, preset.kind));
    if (port && preset) v[port.name] = preset.id;
    return v;
  });
  const [advanced, setAdvanced] = useState<Record<string, string>>(() =>
    from ? advancedFrom(from) : { label: '', priority: '', maxAttempts: '', timeoutSeconds: '', delaySeconds: '' },
  );
  const [options, setOptions] = useState<Record<string, DataItem[]>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    for (const port of module.inputs) {
      candidates(port).then(
        (items) => {
          if (preset && fits(port.kind, preset.kind) && !items.some((i) => i.id === preset.id)) items = [preset, ...items];
          const earlier = from?.inputs?.[port.name];
          // The earlier task's input may be past the newest 200, or not AVAILABLE any more: offer it still.
          if (earlier && !items.some((i) => i.id === earlier)) {
            api.item(earlier).then(
              (item) => setOptions((o) => ({ ...o, [port.name]: [item, ...(o[port.name] ?? [])] })),
              () => undefined,
            );
          }
          setOptions((o) => ({ ...o, [port.name]: items }));
          // A single required port with nothing chosen: take the newest fitting item.
          setInputs((cur) => (cur[port.name] || port.optional || !items.length ? cur : { ...cur, [port.name]: items[0].id }));
        },
        () => setOptions((o) => ({ ...o, [port.name]: [] })),
      );
    }
  }, [module]);

  const known = [...module.inputs.map((p) => `inputs.${p.name}`), ...fields.map((f) => f.path), ...ADVANCED, 'inputs', 'params', 'module'];

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const { params, errors: local } = collectParams(fields, values);
    const body: CreateTask = {
      module: module.name,
      inputs: Object.fromEntries(Object.entries(inputs).filter(([, v]) => v)),
      params,
    };
    for (const k of ADVANCED) {
      const raw = advanced[k].trim();
      if (!raw) continue;
      if (k === 'label') body.label = raw;
      else if (!/^-?\d+$/.test(raw)) local.push({ field: k, message: 'must be a whole number' });
      else body[k] = Number(raw);
    }
    if (local.length) {
      setErrors(errorsByField(local, known));
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const task = await api.createTask(body);
      navigate(`#/tasks/${task.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        setErrors(errorsByField(err.errors as FieldError[], known));
        focusFirstError();
      } else setFailure(err as Error);
      if (err instanceof ApiError && !err.errors.length) setErrors({});
    } finally {
      setBusy(false);
    }
  };

  const general = errors[''] ?? [];
  return (
    <form class="task-form" onSubmit={submit} noValidate>
      <ErrorBox error={failure} />
      {general.length > 0 && (
        <div class="error" role="alert">
          {general.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
      <div class="field">
        <label for="label">Label <span class="muted small">optional</span></label>
        <input id="label" type="text" value={advanced.label} maxLength={200} aria-invalid={!!errors.label} onInput={(e) => setAdvanced({ ...advanced, label: (e.target as HTMLInputElement).value })} />
        <FieldErrors path="label" errors={errors} />
      </div>
      <Section title="Inputs" id="inputs">
        {module.inputs.length === 0 && <p class="empty">This module takes no inputs.</p>}
        {module.inputs.map((port) => {
          const path = `inputs.${port.name}`;
          const opts = options[port.name];
          return (
            <div class="field" key={port.name}>
              <label for={path}>
                {port.name} <span class="muted small">{port.kind === 'FILE' ? 'any kind' : port.kind}{port.optional ? ', optional' : ''}</span>
              </label>
              <select
                id={path}
                name={path}
                value={inputs[port.name] ?? ''}
                aria-invalid={!!errors[path]}
                aria-describedby={errors[path] ? `${path}-err` : undefined}
                onChange={(e) => setInputs({ ...inputs, [port.name]: (e.target as HTMLSelectElement).value })}
              >
                <option value="">{opts == null ? 'loading…' : opts.length ? (port.optional ? 'none' : 'choose an item…') : `no ${port.kind === 'FILE' ? '' : port.kind + ' '}items`}</option>
                {(opts ?? []).map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label} · {i.kind}
                    {i.status === 'PENDING' ? ' · PENDING' : ''} · {shortId(i.id)}
                  </option>
                ))}
              </select>
              {port.description && <p class="hint">{port.description}</p>}
              <FieldErrors path={path} errors={errors} />
            </div>
          );
        })}
      </Section>
      <Section title="Params" id="params-form">
        {fields.length === 0 && <p class="empty">No params.</p>}
        {fields.map((f) => (
          <ParamField key={f.name} f={f} value={values[f.name]} errors={errors} onChange={(v) => setValues({ ...values, [f.name]: v })} />
        ))}
      </Section>
      <details class="card" open={!!from || ADVANCED.some((k) => k !== 'label' && errors[k])}>
        <summary>Priority, attempts, timeout, delay</summary>
        {(['priority', 'maxAttempts', 'timeoutSeconds', 'delaySeconds'] as const).map((k) => (
          <div class="field" key={k}>
            <label for={k}>{{ priority: 'Priority (higher runs first)', maxAttempts: 'Max attempts (1–10)', timeoutSeconds: 'Timeout, seconds', delaySeconds: 'Delay, seconds' }[k]}</label>
            <input
              id={k}
              type="number"
              value={advanced[k]}
              aria-invalid={!!errors[k]}
              onInput={(e) => setAdvanced({ ...advanced, [k]: (e.target as HTMLInputElement).value })}
            />
            <FieldErrors path={k} errors={errors} />
          </div>
        ))}
      </details>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create task'}
        </button>
      </div>
    </form>
  );
}

function focusFirstError() {
  requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
}

function FieldErrors({ path, errors }: { path: string; errors: Record<string, string[]> }) {
  const list = errors[path];
  if (!list) return null;
  return (
    <div class="field-error" id={`${path}-err`} data-field={path}>
      {list.join('; ')}
    </div>
  );
}

function ParamField({ f, value, errors, onChange }: { f: Field; value: string | boolean; errors: Record<string, string[]>; onChange: (v: string | boolean) => void }) {
  const common = {
    id: f.path,
    name: f.path,
    'aria-invalid': !!errors[f.path],
    'aria-describedby': errors[f.path] ? `${f.path}-err` : undefined,
  };
  const hint = [f.description, f.min != null || f.max != null ? `${f.min ?? '…'} to ${f.max ?? '…'}` : null, f.default !== undefined && f.kind !== 'boolean' ? `default ${JSON.stringify(f.default)}` : null]
    .filter(Boolean)
    .join(' · ');
  let control;
  if (f.kind === 'boolean') {
    return (
      <div class="field check">
        <label>
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} /> {f.label}
        </label>
        {hint && <p class="hint">{hint}</p>}
        <FieldErrors path={f.path} errors={errors} />
      </div>
    );
  } else if (f.kind === 'enum') {
    control = (
      <select {...common} value={String(value)} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {!f.required && <option value="">{f.default !== undefined ? `default (${String(f.default)})` : '—'}</option>}
        {(f.options ?? []).map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'json') {
    control = <textarea {...common} rows={4} value={String(value)} onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)} placeholder="JSON" />;
  } else {
    const numeric = f.kind === 'integer' || f.kind === 'number';
    control = (
      <input
        {...common}
        type={numeric ? 'number' : 'text'}
        inputMode={f.kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
        step={numeric ? (f.step ?? 'any') : undefined}
        value={String(value)}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={f.path}>
        {f.label}
        {f.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {hint && <p class="hint">{hint}</p>}
      <FieldErrors path={f.path} errors={errors} />
    </div>
  );
}
