// Sign in. Dev mode: as any user, with a token the service signs itself (POST /dev/token). With an
// OpenID Connect issuer: its sign-in page, through the authorization code flow with PKCE, as a
// public client (no secret in a page); the code comes back in the URL, the token never does.
import { SENTENCES, header, keepToken, loaded, param, safeReturn, say, uiConfig } from '../app.js';

header('/signin.html');
const form = document.getElementById('dev');
const PENDING = 'seatbooking.signin';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) {
    throw new Error('discovery');
  }
  return response.json();
}

/** Goes to the issuer's sign-in page; what comes back is checked against what is kept here. */
async function startSignIn(oidc) {
  const provider = await discover(oidc.issuer);
  const verifier = random();
  const state = random();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, then: safeReturn(param('then')) }));
  const query = new URLSearchParams({ response_type: 'code', client_id: oidc.clientId, scope: 'openid',
    redirect_uri: `${location.origin}/signin.html`, state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`${provider.authorization_endpoint}?${query}`);
}

/** Back from the issuer with a code: trades it for a token with the kept verifier. */
async function finishSignIn(oidc) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  const code = param('code');
  const state = param('state');
  // The code leaves the address bar and the history at once.
  history.replaceState(null, '', '/signin.html');
  if (!pending || pending.state !== state) {
    say('The sign-in could not be checked. Please sign in again.', 'error');
    return;
  }
  const provider = await discover(oidc.issuer);
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${location.origin}/signin.html`,
      client_id: oidc.clientId, code_verifier: pending.verifier }),
  });
  if (!response.ok) {
    say('The sign-in did not complete. Please sign in again.', 'error');
    return;
  }
  keepToken((await response.json()).access_token);
  location.href = safeReturn(pending.then);
}

uiConfig().then(async (config) => {
  form.hidden = !config.devTokens;
  document.getElementById('dev-note').hidden = !config.devTokens;
  document.getElementById('oidc').hidden = !config.oidc;
  document.getElementById('no-signin').hidden = config.devTokens || Boolean(config.oidc);
  if (config.oidc) {
    document.getElementById('oidc-signin').addEventListener('click', () => startSignIn(config.oidc).catch(() =>
      say(SENTENCES.NETWORK(), 'error')));
    if (param('code') || param('error')) {
      if (param('error')) {
        history.replaceState(null, '', '/signin.html');
        say('The sign-in was not completed. Please try again.', 'error');
      } else {
        await finishSignIn(config.oidc).catch(() => say(SENTENCES.NETWORK(), 'error'));
      }
    }
  }
  if (config.devTokens) {
    document.getElementById('userId').focus();
  }
}).finally(loaded);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const query = new URLSearchParams({ userId: form.elements.userId.value.trim() });
  if (form.elements.admin.checked) {
    query.set('role', 'admin');
  }
  let response;
  try {
    response = await fetch(`/dev/token?${query}`, { method: 'POST' });
  } catch (e) {
    say(SENTENCES.NETWORK(), 'error');
    return;
  }
  if (response.status === 422) {
    say('Please check the user id: 1-64 letters, digits, dots, underscores or dashes.', 'error');
  } else if (!response.ok) {
    say(SENTENCES.INTERNAL_ERROR(), 'error');
  } else {
    keepToken(await response.text());
    location.href = safeReturn(param('then'));
  }
});
