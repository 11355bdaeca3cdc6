// Sign in. Dev mode: as any user, with a token the service signs itself (POST /dev/token).
import { SENTENCES, header, keepToken, loaded, param, safeReturn, say, uiConfig } from '../app.js';

header('/signin.html');
const then = safeReturn(param('then'));
const form = document.getElementById('dev');

uiConfig().then((config) => {
  form.hidden = !config.devTokens;
  document.getElementById('dev-note').hidden = !config.devTokens;
  document.getElementById('no-signin').hidden = config.devTokens;
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
    location.href = then;
  }
});
