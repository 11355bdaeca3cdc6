// What every page shares: who is signed in, calls to the API with the bearer token, the API's
// error codes as sentences a buyer understands, and small helpers to put text on the page.
//
// The token lives in this tab's sessionStorage: no cookie, no server session, so nothing a
// cross-site form could send (docs/ui.md). It goes in the Authorization header, never in a URL.

const TOKEN = 'seatbooking.token';

/** The signed-in user, read from the token's claims, or null. */
export function signedIn() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) {
    return null;
  }
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (claims.exp && claims.exp * 1000 < Date.now()) {
      sessionStorage.removeItem(TOKEN);
      return null;
    }
    return { userId: claims.sub, admin: (claims.roles || []).includes('admin'), expiresAt: claims.exp * 1000 };
  } catch (e) {
    sessionStorage.removeItem(TOKEN);
    return null;
  }
}

export function keepToken(token) {
  sessionStorage.setItem(TOKEN, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

/** The header that carries the token, or none. */
export function authorization() {
  const token = sessionStorage.getItem(TOKEN);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** What the service is set up for: dev tokens, an OpenID Connect issuer, the simulator's test cards. */
export async function uiConfig() {
  const response = await fetch('/ui/config', { headers: { Accept: 'application/json' } });
  return response.json();
}

/** An answer of the API that is not a success: its code, and the sentence to show. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(sentence(problem, retryAfter));
    this.status = status;
    this.code = problem.error || 'INTERNAL_ERROR';
    this.problem = problem;
  }
}

/**
 * Calls the API as the signed-in user. JSON in and out; an answer that is not a success throws an
 * ApiError whose message is the sentence for its code.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...authorization(), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, { error: 'NETWORK' });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, data || {}, response.headers.get('Retry-After'));
  }
  return data;
}

/** Every error code of the API (docs/api.md, Errors), as a buyer or operator should read it. */
export const SENTENCES = {
  NETWORK: () => 'The booking service cannot be reached. Check your connection and try again.',
  MALFORMED_REQUEST: () => 'Something in the request was not understood. Please reload the page and try again.',
  INVALID_SIGNATURE: () => 'The payment provider\'s message could not be verified.',
  UNAUTHORIZED: () => 'Please sign in first. If you were signed in, your session has ended: sign in again.',
  FORBIDDEN: () => 'Your account is not allowed to do this.',
  USER_MISMATCH: () => 'A booking can only be made for the signed-in traveller.',
  FLIGHT_NOT_FOUND: () => 'We cannot find this flight. It may have been removed; search again.',
  BOOKING_NOT_FOUND: () => 'We cannot find this booking.',
  NOT_FOUND: () => 'This page or action does not exist.',
  METHOD_NOT_ALLOWED: () => 'This action is not possible here.',
  NOT_ACCEPTABLE: () => 'The service cannot answer in a form this page reads. Please reload the page.',
  NO_SEATS: () => 'Sorry, there are not enough seats left on this flight. Try fewer seats or another flight.',
  FLIGHT_CLOSED: () => 'This flight no longer takes bookings: it has departed, or its sales are closed.',
  FLIGHT_EXISTS: () => 'A flight with this number exists already. Choose another flight number.',
  REQUEST_IN_PROGRESS: () => 'Your booking is still being made. Wait a moment, then look at your bookings.',
  BOOKING_NOT_CANCELLABLE: () => 'This booking has ended and can no longer be cancelled.',
  NOTHING_TO_REFUND: () => 'No money was taken for this booking, so there is nothing to refund.',
  PAYLOAD_TOO_LARGE: () => 'What you entered is too long.',
  UNSUPPORTED_MEDIA_TYPE: () => 'The request was sent in a form the service does not take. Please reload the page.',
  VALIDATION_FAILED: (problem) => 'Please check what you entered'
      + (problem.errors && problem.errors.length
        ? ': ' + problem.errors.map((e) => `${e.field} ${e.message}`).join('; ') + '.' : '.'),
  IDEMPOTENCY_KEY_REUSED: () => 'This request was already used for something else. Please start again.',
  REFUND_EXCEEDS_REMAINING: (problem) => `That is more than is left to refund. ${problem.detail || ''}`.trim(),
  RATE_LIMITED: (problem, retryAfter) => `You are booking too quickly. Please try again in ${retryAfter || 'a few'} seconds.`,
  INTERNAL_ERROR: () => 'Something went wrong on our side. Please try again; if it keeps happening, contact us.',
  INVENTORY_UNAVAILABLE: (problem, retryAfter) => `Seats cannot be checked right now. Please try again in ${retryAfter || 'a few'} seconds.`,
  DATABASE_UNAVAILABLE: (problem, retryAfter) => `Our booking records cannot be reached right now. Please try again in ${retryAfter || 'a few'} seconds.`,
  SERVICE_BUSY: (problem, retryAfter) => `We are very busy right now. Please try again in ${retryAfter || 'a few'} seconds.`,
  PAYMENT_PROVIDER_UNAVAILABLE: () => 'The payment provider cannot be reached right now. Please try again shortly.',
  PAYMENT_START_IN_PROGRESS: () => 'The payment is still being started. Please wait a moment.',
};

function sentence(problem, retryAfter) {
  const say = SENTENCES[problem.error] || SENTENCES.INTERNAL_ERROR;
  return say(problem, retryAfter);
}

/** Marks the page as filled from the API once: what the browser tests wait for. */
export function loaded() {
  document.body.dataset.loaded = 'true';
}

/** Puts a message in the page's live region, where screen readers announce it. */
export function say(message, kind = 'info') {
  const region = document.getElementById('message');
  region.textContent = message;
  region.className = `message ${kind}`;
  region.hidden = !message;
}

/** Shows what went wrong: an ApiError's sentence, or a general one. */
export function sayError(error) {
  say(error instanceof ApiError ? error.message : SENTENCES.INTERNAL_ERROR(), 'error');
}

/** An element with text and attributes; text is always set as text, never as HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick' || name === 'onsubmit') {
      element.addEventListener(name.slice(2), value);
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function money(amount, currency) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
}

export function when(instant) {
  return new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A page's query parameter, such as the flight or booking id. */
export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** The header every page shows: where to go, and who is signed in. */
export function header(active) {
  const user = signedIn();
  const links = [['/', 'Find flights'], ['/bookings.html', 'My bookings']];
  if (user && user.admin) {
    links.push(['/console/', 'Operator console'], ['/console/outbox.html', 'Work and dependencies']);
  }
  const nav = el('nav', { 'aria-label': 'Main' }, el('ul', {}, links.map(([href, text]) => el('li', {},
    el('a', { href, 'aria-current': active === href ? 'page' : null }, text)))));
  const account = user
    ? el('p', { class: 'account' }, `Signed in as ${user.userId} `,
      el('button', { type: 'button', class: 'link', onclick: () => { signOut(); location.href = '/'; } }, 'Sign out'))
    : el('p', { class: 'account' }, el('a', { href: `/signin.html?then=${encodeURIComponent(location.pathname + location.search)}` }, 'Sign in'));
  document.getElementById('header').replaceChildren(el('a', { href: '/', class: 'brand' }, 'Seat booking'), nav, account);
}

/** Sends a page that needs a signed-in user to the sign-in page first; answers the user. */
export function requireSignIn() {
  const user = signedIn();
  if (!user) {
    location.href = `/signin.html?then=${encodeURIComponent(location.pathname + location.search)}`;
  }
  return user;
}

/** Only pages of this site are followed after signing in (no open redirect: "/\\evil.com" is another site). */
export function safeReturn(path) {
  if (!path) {
    return '/';
  }
  try {
    const target = new URL(path, location.origin);
    return target.origin === location.origin ? target.pathname + target.search : '/';
  } catch (e) {
    return '/';
  }
}

/**
 * Follows a booking's Server-Sent Events with fetch (EventSource cannot send the token): calls
 * onBooking with each state, opens it again if it ends while the booking is PENDING (the instance
 * stopped), and falls back to reading the booking every few seconds if streaming fails.
 * Answers a function that stops following.
 */
export function followBooking(bookingId, onBooking) {
  let stopped = false;
  const controller = new AbortController();
  const finished = (booking) => booking && booking.status !== 'PENDING';
  const path = `/v1/bookings/${encodeURIComponent(bookingId)}`;
  const pause = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

  async function poll() {
    while (!stopped) {
      try {
        const booking = await api(path);
        onBooking(booking);
        if (finished(booking)) {
          return;
        }
      } catch (e) {
        if (e instanceof ApiError && [401, 403, 404].includes(e.status)) {
          // Signed out, or no longer this user's: reading on would not help.
          sayError(e);
          return;
        }
      }
      await pause(3000);
    }
  }

  async function stream() {
    let last = null;
    try {
      const response = await fetch(`${path}/stream`, {
        headers: { Accept: 'text/event-stream', ...authorization() }, signal: controller.signal });
      if (!response.ok) {
        return poll();
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).join('\n');
          if (data) {
            last = JSON.parse(data);
            onBooking(last);
          }
        }
      }
    } catch (e) {
      if (stopped) {
        return undefined;
      }
      return poll();
    }
    if (!stopped && !finished(last)) {
      // The stream ended with the booking still waiting (its instance stopped): open it again in a
      // moment, likely on another instance, not all clients at once.
      await pause(500 + Math.random() * 1500);
      return stream();
    }
    return undefined;
  }

  stream();
  return () => {
    stopped = true;
    controller.abort();
  };
}

/**
 * Cancels a booking once its buyer has said yes: answers the booking as it then stands, or null
 * when the buyer said no or the cancel was refused (the page then says why).
 */
export async function cancelBooking(bookingId) {
  if (!confirm('Cancel this booking? Held seats are released; a paid booking is refunded.')) {
    return null;
  }
  try {
    const cancelled = await api(`/v1/bookings/${encodeURIComponent(bookingId)}`, { method: 'DELETE' });
    say('The booking is cancelled.', 'success');
    return cancelled;
  } catch (e) {
    sayError(e);
    return null;
  }
}

/** What a booking's status means, for its buyer. */
export function outcome(booking) {
  switch (booking.status) {
    case 'PENDING': return 'Your seats are held while your payment is made.';
    case 'CONFIRMED': return 'Booked: your seats are confirmed.';
    case 'FAILED':
      if (booking.paymentStatus === 'capture_failed') {
        return 'The payment could not be completed, so the booking was undone. Nothing was charged.';
      }
      if (['void_pending', 'canceled'].includes(booking.paymentStatus)) {
        return 'The payment came too late for these seats (they were gone, or the flight left or was cancelled). Nothing was charged.';
      }
      return 'Your payment was declined. Nothing was charged and the seats were released.';
    case 'TIMEOUT': return 'The payment did not complete before your hold ended. The seats were released; nothing was charged.';
    case 'CANCELLED': return 'This booking is cancelled.' + refundNote(booking);
    case 'REFUNDED': return 'Your payment came after the seats were gone, so it is being refunded.' + refundNote(booking);
    default: return booking.status;
  }
}

function refundNote(booking) {
  switch (booking.paymentStatus) {
    case 'refund_pending': return ' Your refund is on its way.';
    case 'refunded': return ' Your money has been refunded.';
    case 'refund_failed': return ' The refund failed; we are looking into it.';
    case 'void_pending':
    case 'canceled': return ' Nothing was charged.';
    default: return '';
  }
}
