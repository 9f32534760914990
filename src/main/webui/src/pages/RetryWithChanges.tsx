import { useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api';
import { retryChanges } from '../lib/taskActions';
import type { Task } from '../lib/types';

/**
 * "Retry with changes…": a dialog that retries a FAILED or CANCELLED task with a new timeout or
 * number of attempts (POST /tasks/{id}/retry with a body); the API's 422 lands at the field.
 */
export function RetryWithChanges({ task, onRetried }: { task: Task; onRetried: (t: Task) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [timeout, setTimeout] = useState('');
  const [attempts, setAttempts] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = () => {
    setTimeout(String(task.timeoutSeconds ?? ''));
    setAttempts(String(task.maxAttempts ?? ''));
    setErrors({});
    setFailure(null);
    dialog.current?.showModal();
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const { body, errors: local } = retryChanges(timeout, attempts);
    if (local.length) return setErrors(Object.fromEntries(local.map((x) => [x.field, x.message])));
    setBusy(true);
    try {
      const updated = await api.retryTask(task.id, body);
      dialog.current?.close();
      onRetried(updated);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(Object.fromEntries(err.errors.map((x) => [x.field, x.message])));
      else setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: 'timeoutSeconds' | 'maxAttempts', label: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={`retry-${name}`}>{label}</label>
      <input id={`retry-${name}`} type="number" min={1} value={value} aria-invalid={!!errors[name]} onInput={(e) => set((e.target as HTMLInputElement).value)} />
      {errors[name] && (
        <div class="field-error" data-field={name}>
          {errors[name]}
        </div>
      )}
    </div>
  );
  return (
    <>
      <button type="button" onClick={open}>
        Retry with changes…
      </button>
      <dialog ref={dialog} class="retry-dialog" aria-labelledby="retry-title">
        <form method="dialog" onSubmit={submit} noValidate>
          <h2 id="retry-title">Retry with changes</h2>
          <p class="muted small">Runs the same task again, with the same outputs, and these limits.</p>
          {failure && (
            <div class="error" role="alert">
              {failure}
            </div>
          )}
          {field('timeoutSeconds', 'Timeout, seconds', timeout, setTimeout)}
          {field('maxAttempts', 'Max attempts (1–10)', attempts, setAttempts)}
          <div class="form-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Retry
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
