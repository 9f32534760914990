import { api } from '../lib/api';
import { dateTime, relative, shortId } from '../lib/format';
import { RESYNC } from '../lib/sse';
import type { Instance } from '../lib/types';
import { Bar, Empty, ErrorBox, Status, useLive, useLoad, useThrottled } from '../ui';

/**
 * The instances sharing this database (GET /api/v1/instances, admins only): role, state,
 * capacity and free slots, running tasks, capabilities and GPUs, last heartbeat. Heartbeats are
 * not events: the list is read again when tasks start or end (their counts move) and on Refresh.
 */
export function Instances() {
  const list = useLoad(() => api.instances(), []);
  const reload = useThrottled(list.reload, 2000);
  useLive((c) => (c.type === RESYNC || c.type === 'task' ? reload() : undefined), []);
  const rows = list.value ?? [];
  return (
    <div class="page">
      <div class="page-head">
        <h1>Instances</h1>
        <div class="actions">
          <span class="muted small">{list.value ? `${rows.filter((i) => i.online).length} of ${rows.length} online` : ''}</span>
          <button onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorBox error={list.error} />
      {list.value && rows.length === 0 && <Empty>No instance has registered yet.</Empty>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="list instances">
            <thead>
              <tr>
                <th>Instance</th>
                <th>Role</th>
                <th>State</th>
                <th class="num">Running</th>
                <th class="num">Free slots</th>
                <th>Load</th>
                <th>Offers</th>
                <th>Heartbeat</th>
                <th>Version</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-instance={i.id}>
                  <td data-l="Instance">
                    <strong>{i.host ?? shortId(i.id)}</strong>
                    <div class="muted small">
                      <code>{i.id}</code>
                    </div>
                  </td>
                  <td data-l="Role">{i.role}</td>
                  <td data-l="State">
                    <Status s={i.state} />
                  </td>
                  <td data-l="Running" class="num">
                    {i.running}
                  </td>
                  <td data-l="Free slots" class="num">
                    {i.freeSlots} of {i.capacity}
                  </td>
                  <td data-l="Load">{i.capacity > 0 ? <Bar fraction={i.running / i.capacity} label={`${i.host ?? i.id} slots in use`} /> : <span class="muted small">serves the API only</span>}</td>
                  <td data-l="Offers">{offers(i)}</td>
                  <td data-l="Heartbeat" title={dateTime(i.heartbeatAt)}>
                    {relative(i.heartbeatAt)}
                    <div class="muted small">started {relative(i.startedAt)}</div>
                  </td>
                  <td data-l="Version">{i.version ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** "cpu", or the capabilities and each GPU's free memory. */
function offers(i: Instance): string {
  const parts = [...i.capabilities.filter((c) => c !== 'gpu'), ...i.gpus.map((g) => `GPU ${g.index}: ${g.freeMb} of ${g.memoryMb} MB free`)];
  if (i.capabilities.includes('gpu') && i.gpus.length === 0) parts.unshift('gpu');
  return parts.length ? parts.join(', ') : 'CPU';
}
