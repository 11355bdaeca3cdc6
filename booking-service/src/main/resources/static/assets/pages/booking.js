// One booking: held seats with a countdown to the end of the hold, then the outcome as it arrives.
import { api, cancelBooking, el, followBooking, header, loaded, money, outcome, param, requireSignIn, say, sayError } from '../app.js';

header('/bookings.html');
const bookingId = param('id');
const cancel = document.getElementById('cancel');
let current = null;
let stop = null;

function show(booking) {
  current = booking;
  document.getElementById('outcome').textContent = outcome(booking);
  document.getElementById('facts').replaceChildren(
    el('dt', {}, 'Booking'), el('dd', {}, el('code', {}, booking.bookingId)),
    el('dt', {}, 'Flights'), el('dd', {}, booking.legs.map((leg) => leg.flightId).join(', ')),
    el('dt', {}, 'Seats'), el('dd', {}, String(booking.seats)),
    el('dt', {}, 'Total'), el('dd', {}, money(booking.totalPrice, booking.currency)),
    el('dt', {}, 'Status'), el('dd', { class: 'status' }, booking.status),
    el('dt', {}, 'Payment'), el('dd', {}, booking.paymentStatus || 'starting'));
  cancel.hidden = !['PENDING', 'CONFIRMED'].includes(booking.status);
  tick();
}

/** The hold's countdown, while the booking waits for its payment; says plainly when it ran out. */
function tick() {
  const countdown = document.getElementById('countdown');
  const note = document.getElementById('countdown-note');
  if (current && current.status === 'TIMEOUT') {
    // The countdown ran out: it stays at zero, and says when.
    countdown.textContent = 'Your hold has ended';
    note.textContent = `Your hold ended at ${new Date(current.holdExpiresAt).toLocaleTimeString()}.`;
    return;
  }
  if (!current || current.status !== 'PENDING') {
    countdown.textContent = '';
    note.textContent = '';
    return;
  }
  const left = Math.max(0, Math.round((Date.parse(current.holdExpiresAt) - Date.now()) / 1000));
  const until = new Date(current.holdExpiresAt).toLocaleTimeString();
  if (left > 0) {
    countdown.textContent = `${Math.floor(left / 60)} min ${String(left % 60).padStart(2, '0')} s left`;
    const wording = `Your seats are held until ${until}. If the payment has not completed by then, the seats are released.`;
    if (note.textContent !== wording) {
      note.textContent = wording;
    }
  } else {
    countdown.textContent = 'Your hold has ended';
    note.textContent = `Your hold ended at ${until}. Unless the payment completed just in time, the seats have been released.`;
  }
}

cancel.addEventListener('click', async () => {
  cancel.disabled = true;
  const cancelled = await cancelBooking(bookingId);
  if (cancelled) {
    show(cancelled);
  }
  cancel.disabled = false;
});

if (requireSignIn()) {
  if (!bookingId) {
    say('No booking was chosen.', 'error');
  } else {
    api(`/v1/bookings/${encodeURIComponent(bookingId)}`).then((booking) => {
      show(booking);
      stop = followBooking(bookingId, show);
    }, sayError).finally(loaded);
    setInterval(tick, 1000);
    addEventListener('pagehide', () => stop && stop());
  }
}
