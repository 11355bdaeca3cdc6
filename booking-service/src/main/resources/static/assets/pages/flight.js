// A flight with its seats left, updated every 5 seconds; a signed-in buyer holds seats and pays.
import { api, el, header, loaded, money, param, say, sayError, signedIn, uiConfig, when } from '../app.js';

header('/');
const flightId = param('id');
const facts = document.getElementById('facts');
const form = document.getElementById('claim');
const book = document.getElementById('book');
// One key per attempt: a retry after a lost answer gets the same booking, never a second one.
let idempotencyKey = crypto.randomUUID();

function show(flight) {
  document.getElementById('flight-title').textContent = `${flight.origin} → ${flight.destination}, flight ${flight.flightId}`;
  document.title = `Flight ${flight.flightId} · Seat booking`;
  facts.replaceChildren(
    el('dt', {}, 'Departs'), el('dd', {}, when(flight.departureTime)),
    el('dt', {}, 'Price'), el('dd', {}, `${money(flight.price, flight.currency)} a seat`),
    el('dt', {}, 'Seats left'), el('dd', { id: 'seats-left' }, !flight.onSale
      ? (flight.status === 'CANCELLED' ? 'none: this flight is cancelled' : 'none: this flight is no longer on sale')
      : flight.availableSeats > 0 ? String(flight.availableSeats) : 'none: sold out'));
  // A buyer who pressed the button keeps the form, and the answer it brought.
  book.hidden = !flight.onSale || (flight.availableSeats === 0 && !document.getElementById('message').textContent);
  const seats = document.getElementById('seats');
  if (!seats.options.length) {
    for (let n = 1; n <= 9; n++) {
      seats.append(el('option', { value: n }, String(n)));
    }
  }
}

async function refresh() {
  try {
    show(await api(`/v1/flights/${encodeURIComponent(flightId)}`));
  } catch (e) {
    sayError(e);
  }
}

async function paymentChoices() {
  const config = await uiConfig();
  const select = document.getElementById('paymentMethod');
  const choices = config.paymentMethods.length ? config.paymentMethods : [{ id: 'pm_card_visa', label: 'Card' }];
  select.replaceChildren(...choices.map((c) => el('option', { value: c.id }, c.label)));
}

// Another choice is another claim: a new key.
form.addEventListener('change', () => {
  idempotencyKey = crypto.randomUUID();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = signedIn();
  if (!user) {
    location.href = `/signin.html?then=${encodeURIComponent(location.pathname + location.search)}`;
    return;
  }
  const hold = document.getElementById('hold');
  hold.disabled = true;
  say('Holding your seats…');
  try {
    const booking = await api('/v1/bookings', {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey },
      body: { flightIdentifier: flightId, seats: Number(form.elements.seats.value), paymentMethod: form.elements.paymentMethod.value },
    });
    location.href = `/booking.html?id=${encodeURIComponent(booking.bookingId)}`;
  } catch (e) {
    sayError(e);
    // Only a definite refusal recorded nothing: then the next try is a new claim. After a lost
    // answer, a 5xx or a claim still running, the same key gets the first claim's answer (I7),
    // never a second booking.
    if (e.status >= 400 && e.status < 500 && e.code !== 'REQUEST_IN_PROGRESS') {
      idempotencyKey = crypto.randomUUID();
    }
    hold.disabled = false;
    refresh();
  }
});

if (!flightId) {
  say('No flight was chosen. Find one first.', 'error');
} else {
  Promise.all([refresh(), paymentChoices()]).finally(loaded);
  setInterval(refresh, 5000);
}
