// The signed-in buyer's bookings, newest first, with what each means and a cancel where it applies.
import { api, cancelBooking, el, header, loaded, money, outcome, requireSignIn, say, sayError, when } from '../app.js';

header('/bookings.html');
const list = document.getElementById('bookings');
const more = document.getElementById('more');
let page = 0;

function item(booking) {
  const cancel = el('button', { type: 'button', class: 'danger' }, 'Cancel');
  cancel.addEventListener('click', async () => {
    const cancelled = await cancelBooking(booking.bookingId);
    if (cancelled) {
      li.replaceWith(item(cancelled));
    }
  });
  const li = el('li', {},
    el('h2', {}, el('a', { href: `/booking.html?id=${encodeURIComponent(booking.bookingId)}` },
      `${booking.legs.map((leg) => leg.flightId).join(', ')} · ${booking.seats} seat${booking.seats > 1 ? 's' : ''}`)),
    el('p', {}, `${booking.status} · ${money(booking.totalPrice, booking.currency)} · booked ${when(booking.createdAt)}`),
    el('p', {}, outcome(booking)),
    ['PENDING', 'CONFIRMED'].includes(booking.status) ? el('div', { class: 'actions' }, cancel) : []);
  return li;
}

async function load() {
  try {
    const found = await api(`/v1/bookings?page=${page}&size=20`);
    list.append(...found.bookings.map(item));
    if (page === 0 && found.totalBookings === 0) {
      say('You have no bookings yet.');
    }
    more.hidden = (page + 1) * found.size >= found.totalBookings;
  } catch (e) {
    sayError(e);
  }
}

more.addEventListener('click', () => {
  page++;
  load();
});
if (requireSignIn()) {
  load().finally(loaded);
}
