// Operator console: every flight still to depart with its seats, updated every 3 seconds; create one.
import { api, el, header, loaded, requireSignIn, say, sayError, when } from '../app.js';

header('/console/');
const rows = document.getElementById('flights');
const form = document.getElementById('create');

async function refresh() {
  try {
    const page = await api('/v1/flights?size=100');
    rows.replaceChildren(...page.flights.map((f) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `/console/flight.html?id=${encodeURIComponent(f.flightId)}` }, f.flightId)),
      el('td', {}, `${f.origin} → ${f.destination}`), el('td', {}, when(f.departureTime)), el('td', {}, f.status),
      el('td', {}, String(f.capacity)), el('td', {}, String(f.seatsSold)), el('td', {}, String(f.seatsHeld)),
      el('td', {}, String(f.availableSeats)))));
  } catch (e) {
    sayError(e);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (name) => form.elements[name].value.trim();
  try {
    const flight = await api('/v1/flights', { method: 'POST', body: {
      flightId: value('flightId'), origin: value('origin'), destination: value('destination'),
      // The field has no zone: what the operator typed is taken as UTC.
      departureTime: new Date(`${value('departureTime')}Z`).toISOString(),
      capacity: Number(value('capacity')), price: Number(value('price')), currency: value('currency') } });
    say(`Flight ${flight.flightId} is created and on sale.`, 'success');
    form.reset();
    refresh();
  } catch (e) {
    sayError(e);
  }
});

if (requireSignIn()) {
  refresh().finally(loaded);
  setInterval(refresh, 3000);
}
