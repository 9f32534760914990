import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { Module } from '../lib/types';
import { ErrorBox } from '../ui';

/**
 * The admin's "Upload module (.zip)" form: the zip is checked by the service before anything is
 * stored, and every instance then sets it up; a refused zip shows the service's reason.
 */
export function ModuleUpload({ onUploaded }: { onUploaded: (m: Module) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    api
      .uploadModule(file, name.trim() || undefined)
      .then((m) => {
        setDone(`Uploaded ${m.name}: ${m.status === 'AVAILABLE' ? 'this zip is its current version already' : 'it is being set up'}.`);
        (e.target as HTMLFormElement).reset();
        setFile(null);
        setName('');
        onUploaded(m);
      }, setError)
      .finally(() => setBusy(false));
  };
  return (
    <form class="card module-upload" onSubmit={submit} aria-label="Upload module">
      <h2>Upload module (.zip)</h2>
      <p class="muted small">
        A zip of the module's folder, or of its files with main.py at the top. Every instance unpacks it, sets it up and runs its self-test.
      </p>
      <div class="filters">
        <label>
          Zip file
          <input type="file" name="file" accept=".zip,application/zip" required onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </label>
        <label>
          Name (optional)
          <input name="name" value={name} placeholder="from the zip" pattern="[a-z0-9][a-z0-9\-]{0,62}" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <button class="primary" type="submit" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      {done && (
        <p class="muted" role="status">
          {done}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}
