import { dateTime } from '../lib/format';
import type { Module } from '../lib/types';
import { Status } from '../ui';

/** The compact view of the modules: one row each, with the actions that fit a row. */
export function ModuleTable({ modules, onRemove }: { modules: Module[]; onRemove: (m: Module) => void }) {
  return (
    <div class="table-wrap">
      <table class="list modules-table" aria-label="Modules">
        <thead>
          <tr>
            <th>Name</th>
            <th>Version</th>
            <th>Status</th>
            <th>Source</th>
            <th>Inputs</th>
            <th>Outputs</th>
            <th>Updated</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {modules.map((m) => (
            <tr key={m.name} data-module={m.name}>
              <td data-l="Name">
                <strong>{m.name}</strong>
                {m.reason && <div class={m.status === 'FAILED' ? 'error small' : 'muted small'}>{m.reason}</div>}
              </td>
              <td data-l="Version">{m.version}</td>
              <td data-l="Status">
                <Status s={m.status} />
              </td>
              <td data-l="Source">{m.source === 'BUNDLE' ? 'uploaded zip' : 'folder'}</td>
              <td data-l="Inputs">{m.inputs.map((p) => p.name).join(', ') || '–'}</td>
              <td data-l="Outputs">{m.outputs.map((p) => p.name).join(', ') || '–'}</td>
              <td data-l="Updated">{m.updatedAt ? dateTime(m.updatedAt) : ''}</td>
              <td data-l="">
                {m.status === 'AVAILABLE' && (
                  <a class="button" href={`#/new?module=${encodeURIComponent(m.name)}`}>
                    New task
                  </a>
                )}
                {removable(m) && (
                  <button class="danger" onClick={() => onRemove(m)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An uploaded module can be retired; a folder module's entry only once its folder is gone. */
export function removable(m: Module): boolean {
  return m.source === 'BUNDLE' || m.status === 'MISSING';
}

/** What Remove asks before it acts. */
export function removeQuestion(m: Module): string {
  return m.source === 'BUNDLE'
    ? `Remove ${m.name}? Its uploaded zip and its setup are deleted on every instance; its tasks that have not run fail.`
    : `Remove ${m.name}? Its folder is gone; its entry is deleted.`;
}
