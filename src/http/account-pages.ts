import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';

/**
 * The two pages mail links open when APP_URL is Gatehouse itself (development, or a deployment
 * without a front end): choose a new password, and accept an invitation. Self-contained HTML whose
 * inline script calls /graphql: nothing is loaded from elsewhere, and the CSP says so.
 */
export function accountPages(): Router {
  const router = Router();
  router.get('/reset-password', (_req, res) => sendPage(res, 'Choose a new password', RESET_BODY, RESET_SCRIPT));
  router.get('/invitations/:token', (_req, res) => sendPage(res, 'Accept your invitation', INVITATION_BODY, INVITATION_SCRIPT));
  return router;
}

function sendPage(res: Response, title: string, body: string, script: string): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .set({
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
      // The token is in the URL: keep it out of any Referer.
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    .type('html')
    .send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Gatehouse</title>
<style nonce="${nonce}">
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
  label { display: block; margin: .75rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
  button { margin-top: 1rem; padding: .5rem 1rem; font: inherit; }
  #status { margin-top: 1rem; min-height: 1.5rem; }
  .error { color: #b42318; } .ok { color: #067647; }
</style>
</head>
<body>
<h1>${title}</h1>
${body}
<p id="status" role="status"></p>
<script nonce="${nonce}">
async function gql(query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const result = await response.json();
  if (result.errors && result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.data;
}
function say(text, ok) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = ok ? 'ok' : 'error';
}
function onSubmit(id, handler) {
  document.getElementById(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const values = Object.fromEntries(new FormData(form));
    form.querySelector('button').disabled = true;
    try { await handler(values); } catch (error) { say(error.message, false); form.querySelector('button').disabled = false; }
  });
}
${script}
</script>
</body>
</html>
`);
}

const RESET_BODY = `<form id="reset">
  <label for="newPassword">New password (10 characters or more)</label>
  <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="10" required>
  <button type="submit">Set password</button>
</form>`;

const RESET_SCRIPT = `
const token = new URLSearchParams(location.search).get('token') || '';
onSubmit('reset', async ({ newPassword }) => {
  await gql('mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { success } }', { input: { token, newPassword } });
  document.getElementById('reset').hidden = true;
  say('Your password is changed and every device was signed out. Sign in with the new password.', true);
});`;

const INVITATION_BODY = `<p>Sign in with the address the invitation was sent to, or create an account with it.</p>
<h2>I have an account</h2>
<form id="sign-in">
  <label for="signInEmail">Email</label>
  <input id="signInEmail" name="email" type="email" autocomplete="username" required>
  <label for="signInPassword">Password</label>
  <input id="signInPassword" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in and accept</button>
</form>
<h2>I am new here</h2>
<form id="sign-up">
  <label for="signUpName">Name</label>
  <input id="signUpName" name="name" autocomplete="name" required>
  <label for="signUpEmail">Email</label>
  <input id="signUpEmail" name="email" type="email" autocomplete="username" required>
  <label for="signUpPassword">Password (10 characters or more)</label>
  <input id="signUpPassword" name="password" type="password" autocomplete="new-password" minlength="10" required>
  <button type="submit">Create account and accept</button>
</form>`;

const INVITATION_SCRIPT = `
const invitationToken = decodeURIComponent(location.pathname.split('/').pop());
function accepted() {
  for (const id of ['sign-in', 'sign-up']) document.getElementById(id).hidden = true;
  say('Invitation accepted: you are now a member.', true);
}
onSubmit('sign-in', async ({ email, password }) => {
  const { signIn } = await gql('mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }', { input: { email, password } });
  await gql('mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { invitation { status } } }', { input: { token: invitationToken } }, signIn.token);
  accepted();
});
onSubmit('sign-up', async ({ name, email, password }) => {
  await gql('mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }', { input: { name, email, password, invitationToken } });
  accepted();
});`;
