// Operator console, one flight: Redis next to the database, the repair, stopping sales, cancelling.
import { api, el, header, param, loaded, requireSignIn, say, sayError } from '../app.js';

header('/console/');
const flightId = param('id');

async function refresh() {
  try {
    const c = await api(`/v1/admin/flights/${encodeURIComponent(flightId)}/inventory`);
    document.getElementById('flight-title').textContent = `Flight ${flightId}`;
    document.getElementById('inventory').replaceChildren(
      el('tr', {}, el('th', { scope: 'row' }, 'Redis'), el('td', {}, String(c.redis.capacity)), el('td', {}, String(c.redis.sold)),
        el('td', {}, String(c.redis.held)), el('td', {}, c.redis.status)),
      el('tr', {}, el('th', { scope: 'row' }, 'Database'), el('td', {}, String(c.database.capacity)),
        el('td', {}, String(c.database.seatsSold)), el('td', {}, String(c.database.pendingSeats)), el('td', {}, c.database.status)));
    document.getElementById('close').disabled = c.database.status !== 'OPEN';
    document.getElementById('cancel').disabled = c.database.status === 'CANCELLED';
    document.getElementById('agree').textContent = c.agree ? 'Redis and the database agree.'
      : 'Redis and the database differ. While bookings are being made they differ for a moment; a difference that stays is repaired by the reconciler, or now with the button below.';
  } catch (e) {
    sayError(e);
  }
}

async function act(path, done, question) {
  if (question && !confirm(question)) {
    return;
  }
  try {
    const answer = await api(`/v1/admin/flights/${encodeURIComponent(flightId)}/${path}`, { method: 'POST' });
    say(done(answer), 'success');
    refresh();
  } catch (e) {
    sayError(e);
  }
}

document.getElementById('reconcile').addEventListener('click', () => act('reconcile', (r) =>
  Object.keys(r.repaired).length ? `Repaired: ${Object.entries(r.repaired).map(([k, v]) => `${k} ${v}`).join(', ')}.` : 'Nothing to repair.'));
document.getElementById('close').addEventListener('click', () => act('close',
  () => 'Sales are stopped. Bookings made stay.', 'Stop selling seats on this flight? Bookings made stay.'));
document.getElementById('cancel').addEventListener('click', () => act('cancel',
  (r) => `The flight is cancelled. Bookings cancelled now: ${r.bookingsCancelled}; each is refunded, or its payment voided.`,
  'Cancel this flight? Every booking on it is cancelled and refunded. This cannot be undone.'));

if (requireSignIn()) {
  refresh().finally(loaded);
  setInterval(refresh, 3000);
}
