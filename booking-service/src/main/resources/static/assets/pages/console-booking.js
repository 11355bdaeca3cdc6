// Operator console, one booking's story: its status changes, refunds and follow-up work.
import { api, el, header, loaded, money, param, requireSignIn, sayError, when } from '../app.js';

header('/console/');
const input = document.getElementById('booking-id');

function cells(...values) {
  return el('tr', {}, values.map((v) => el('td', {}, v === null || v === undefined ? '' : String(v))));
}

async function show(bookingId) {
  try {
    const story = await api(`/v1/admin/bookings/${encodeURIComponent(bookingId)}`);
    const b = story.booking;
    document.getElementById('facts').replaceChildren(
      el('dt', {}, 'Booking'), el('dd', {}, el('code', {}, b.bookingId)),
      el('dt', {}, 'Customer'), el('dd', {}, b.userId),
      el('dt', {}, 'Status'), el('dd', {}, `${b.status} (payment ${b.paymentStatus || 'starting'})`),
      el('dt', {}, 'Flights'), el('dd', {}, b.legs.map((l) => l.flightId).join(', ')),
      el('dt', {}, 'Total'), el('dd', {}, `${money(b.totalPrice, b.currency)} for ${b.seats} seats`),
      el('dt', {}, 'Payment intent'), el('dd', {}, b.paymentIntentId || 'none yet'),
      el('dt', {}, 'Hold until'), el('dd', {}, when(b.holdExpiresAt)));
    document.getElementById('events').replaceChildren(...story.events.map((e) => cells(when(e.at), e.from, e.to, e.cause)));
    document.getElementById('refunds').replaceChildren(...story.refunds.map((r) =>
      cells(r.refundId, money(r.amount, b.currency), r.status, r.reason)));
    document.getElementById('work').replaceChildren(...story.work.map((w) =>
      cells(w.kind, w.attempts, when(w.nextAt), w.doneAt ? when(w.doneAt) : 'waiting')));
  } catch (e) {
    sayError(e);
  }
}

document.getElementById('find-booking').addEventListener('submit', (event) => {
  event.preventDefault();
  history.replaceState(null, '', `?id=${encodeURIComponent(input.value.trim())}`);
  show(input.value.trim());
});

if (requireSignIn() && param('id')) {
  input.value = param('id');
  show(param('id')).finally(loaded);
} else {
  loaded();
}
