// A certified OpenID provider (npm oidc-provider) configured like Authentik, on 127.0.0.1 only,
// for tests/api/oidc_peer.rs: issuer /application/o/rediflow/ with its trailing slash, groups in
// the `profile` scope and in the ID token, RS256, PKCE, RP-initiated logout, and refresh tokens
// for the scope offline_access (Authentik's offline_access scope mapping).
//
// The test chooses who signs in with `login_hint`: this provider's interaction endpoint signs that
// account in and grants consent without a form, so no browser is needed. Without a login_hint it
// shows a small sign-in form (username, and the fixed test password `test`), so the browser
// journeys of tests/e2e sign in like a person would.
//
//   PORT=... REDIRECT_URI=... POST_LOGOUT_REDIRECT_URI=... CLIENT_ID=... CLIENT_SECRET=... node server.mjs
//
// ACCESS_TOKEN_TTL (optional): access tokens' lifetime in seconds (default 3600); a short one
// makes the relying party use its refresh token at every group check.
//
// PUT /test-only/accounts/<login_hint>/groups with a JSON list of group names changes that
// account's groups, as an administrator of the provider would (tests/api/oidc_peer.rs).
//
// ACCOUNTS_FILE (optional, for scripts/bench): a JSON object {"<login_hint>": {"sub", "email",
// "name", "groups"}} whose accounts are added to (or replace) the built-in ones, so that sign-in
// finds users generated beforehand under their own `sub`.
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}/application/o/rediflow/`;

// The users of docs/example_authentik_test_people.ods with the groups of SPEC §6.
const builtIn = {
  'admin@test': ['rediflow-admins'],
  'editor@test': ['rediflow-editors'],
  'viewer@test': ['rediflow-viewers'],
  'orguser@test': ['rediflow-editors', 'rediflow-org-EXAMPLE', 'rediflow-visibility-org'],
  // Signed in, but in no rediflow group: the app shows its "no access" page.
  'nogroups@test': ['staff'],
};
// The one password of every test account, typed into the sign-in form.
const PASSWORD = 'test';
// login_hint → the claims the provider sends for it.
const accounts = Object.fromEntries(Object.entries(builtIn).map(([id, groups]) => [id, {
  sub: `peer-${id}`,
  email: id.replace('@test', '@example.org'),
  name: `Peer ${id.split('@')[0]}`,
  groups,
}]));
if (process.env.ACCOUNTS_FILE) {
  Object.assign(accounts, JSON.parse(fs.readFileSync(process.env.ACCOUNTS_FILE, 'utf8')));
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'groups'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
  ttl: {
    AccessToken: Number(process.env.ACCESS_TOKEN_TTL) || 3600,
  },
  // Authentik's include_claims_in_id_token: the scope claims travel in the ID token too.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    // The default page imports a web font from the internet; this one is plain and offline.
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign out – test identity provider</title></head>
<body><main><h1>Do you want to sign out of the test identity provider?</h1>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</main></body></html>`;
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['rediflow-test-only-cookie-key'] },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: account.sub,
          preferred_username: id,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: account.groups,
        };
      },
    };
  },
});

const callback = provider.callback();
const interaction = /^\/interaction\/([^/?]+)(\/login)?$/;

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A minimal, accessible sign-in page: labelled fields, an error announced with role=alert.
function loginPage(uid, error) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – test identity provider</title></head>
<body><main>
<h1>Sign in</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required autofocus></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
</main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

// Signs ACCOUNTID in and grants the scopes asked for: the end of every interaction.
async function finishLogin(req, res, details, accountId) {
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

// Authentik issues a refresh token for the scope offline_access without prompt=consent. This
// provider follows OIDC Core 11 to the letter and drops the scope unless consent is prompted, so
// an authorization request for it is given prompt=consent here; the interactions below grant
// consent anyway, so nothing else changes.
function askConsentForOfflineAccess(url) {
  const parsed = new URL(url, 'http://127.0.0.1');
  const scopes = (parsed.searchParams.get('scope') || '').split(' ');
  if (!parsed.pathname.endsWith('/auth') || !scopes.includes('offline_access')
      || parsed.searchParams.has('prompt')) {
    return url;
  }
  parsed.searchParams.set('prompt', 'consent');
  return parsed.pathname + parsed.search;
}

const groupsOf = /^\/test-only\/accounts\/([^/?]+)\/groups$/;

http.createServer(async (req, res) => {
  try {
    const groups = groupsOf.exec(req.url);
    if (groups && req.method === 'PUT') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const account = accounts[decodeURIComponent(groups[1])];
      res.statusCode = account ? 204 : 404;
      if (account) account.groups = JSON.parse(body);
      res.end();
      return;
    }
    const match = interaction.exec(req.url);
    if (match) {
      const details = await provider.interactionDetails(req, res);
      if (match[2] && req.method === 'POST') {
        const form = await readForm(req);
        const accountId = form.get('username') || '';
        if (!accounts[accountId] || form.get('password') !== PASSWORD) {
          res.statusCode = 200;
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(loginPage(match[1], 'Unknown username or wrong password.'));
          return;
        }
        await finishLogin(req, res, details, accountId);
        return;
      }
      const accountId = details.params.login_hint;
      if (!accountId) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(loginPage(match[1]));
        return;
      }
      if (!accounts[accountId]) {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown test user' });
        return;
      }
      await finishLogin(req, res, details, accountId);
      return;
    }
    // Mounted like an express sub-app: the provider sees paths below its issuer path, and finds
    // the mount point from originalUrl when it builds its own URLs.
    const mount = '/application/o/rediflow';
    if (req.url.startsWith(`${mount}/`)) {
      req.url = askConsentForOfflineAccess(req.url);
      req.originalUrl = req.url;
      req.url = req.url.slice(mount.length);
      callback(req, res);
      return;
    }
    // Browsers ask every origin for a favicon; none here, and no 404 in the console either.
    if (req.url === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ready at ${issuer}`);
});
