// Operator console: the follow-up work not done yet, and the state of the circuit breakers.
import { api, el, header, loaded, requireSignIn, sayError, when } from '../app.js';

header('/console/outbox.html');

async function refresh() {
  try {
    const backlog = await api('/v1/admin/outbox');
    document.getElementById('backlog').textContent = backlog.rows === 0 ? 'Nothing waits.'
      : `${backlog.rows} pieces of work wait; ${backlog.overdue} of them are due now.`;
    document.getElementById('kinds').replaceChildren(...backlog.byKind.map((k) => el('tr', {},
      el('th', { scope: 'row' }, k.kind), el('td', {}, String(k.rows)), el('td', {}, String(k.overdue)),
      el('td', {}, String(k.maxAttempts)), el('td', {}, k.oldestDueSince ? when(k.oldestDueSince) : ''))));
    const breakers = await api('/v1/admin/circuit-breakers');
    document.getElementById('breakers').replaceChildren(...breakers.map((b) => el('tr', {},
      el('th', { scope: 'row' }, b.name), el('td', {}, b.state),
      el('td', {}, b.failureRate < 0 ? 'too few calls yet' : `${b.failureRate.toFixed(0)} %`))));
  } catch (e) {
    sayError(e);
  }
}

if (requireSignIn()) {
  refresh().finally(loaded);
  setInterval(refresh, 3000);
}
