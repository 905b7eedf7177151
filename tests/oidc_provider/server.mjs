// A real OpenID Connect provider for the test suite (node's oidc-provider), on 127.0.0.1.
//
// tests/oidc_provider.py starts it on a free port and signs in through it in Chromium. It is
// configured only from the environment:
//   PORT            where to listen (127.0.0.1 only)
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI   the one client: Upward
//   USERS           JSON {login: {email, name, groups?, token?}}; the login page takes any
//                   password for these logins and refuses every other login
//   GROUPS_CLAIM    the claim that carries "groups" (default "groups")
//
// token: "expired" or "tampered" makes the token endpoint hand Upward a bad ID token for
// that person, the way a broken or hostile provider (or a man in the middle) would:
//   expired   signed with the provider's own key, but its exp is half an hour ago
//   tampered  the provider's signed token with its email changed afterwards (the signature
//             no longer matches)
// Upward must refuse both with its own verification; nothing on the Upward side is mocked.
import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const issuer = `http://127.0.0.1:${port}`;
const users = JSON.parse(process.env.USERS || '{}');
const groupsClaim = process.env.GROUPS_CLAIM || 'groups';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const configuration = {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingJwk] },
  // Like the company providers Upward meets (Entra ID, Okta, Google): the ID token carries
  // the person's email, name and groups, not only the userinfo endpoint.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: [groupsClaim],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // A company's own application: no consent screen after signing in.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    const person = users[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: person.email,
          email_verified: true,
          name: person.name,
          [groupsClaim]: person.groups || [],
        };
      },
    };
  },
  // Cookies over plain HTTP on 127.0.0.1.
  cookies: { keys: ['upward-test-only-cookie-key'] },
  pkce: { required: () => false },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

function b64json(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

// After the token endpoint answers: spoil the ID token of the people the test marked.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !ctx.body || typeof ctx.body !== 'object' || !ctx.body.id_token) return;
  const [header, payload, signature] = ctx.body.id_token.split('.');
  const claims = b64json(payload);
  const mode = users[claims.sub]?.token;
  if (mode === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    ctx.body.id_token = await new jose.SignJWT({ ...claims, iat: now - 3600, exp: now - 1800 })
      .setProtectedHeader(b64json(header))
      .sign(privateKey);
  } else if (mode === 'tampered') {
    const forged = Buffer.from(JSON.stringify({ ...claims, email: 'someone.else@example.com' }))
      .toString('base64url');
    ctx.body.id_token = `${header}.${forged}.${signature}`;
  }
});

const server = createServer(provider.callback());
server.listen(port, '127.0.0.1', () => {
  // tests/oidc_provider.py waits for this line.
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
