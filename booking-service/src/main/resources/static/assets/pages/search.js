// Find a flight: by route and day, or every flight still to depart; each with its seats left.
import { api, el, header, loaded, money, say, sayError, when } from '../app.js';

header('/');
const form = document.getElementById('search');
const results = document.getElementById('results');

async function search() {
  const query = new URLSearchParams();
  for (const name of ['origin', 'destination', 'date']) {
    const value = form.elements[name].value.trim();
    if (value) {
      query.set(name, name === 'date' ? value : value.toUpperCase());
    }
  }
  query.set('size', '50');
  try {
    const page = await api(`/v1/flights?${query}`);
    say(page.totalFlights === 0 ? 'No flight matches. Try another day or route.' : '');
    results.replaceChildren(...page.flights.map((flight) => el('li', {},
      el('h3', {}, el('a', { href: `/flight.html?id=${encodeURIComponent(flight.flightId)}` },
        `${flight.origin} → ${flight.destination}, flight ${flight.flightId}`)),
      el('p', {}, `Departs ${when(flight.departureTime)} · ${money(flight.price, flight.currency)} a seat · `,
        flight.onSale ? `${flight.availableSeats} seats left` : 'not on sale'))));
  } catch (e) {
    sayError(e);
  }
  loaded();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
search();
