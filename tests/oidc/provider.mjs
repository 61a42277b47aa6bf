// A real, certified OpenID provider (the npm package oidc-provider) for Zorgzaam's sign-in
// tests. It listens on loopback only, holds its test accounts below, and has a sign-in page of
// its own on which the tester says whether a second factor was used (amr/acr).
//
//   node provider.mjs   with the environment:
//     OP_PORT     the loopback port to listen on
//     OP_CLIENTS  JSON list of clients: {client_id, client_secret, redirect_uris,
//                 post_logout_redirect_uris}
//
// Test hook: GET /__test/tamper?mode=nonce|expired|audience|signature|none makes the next
// token response carry an ID token whose claims are altered and signed again with the
// provider's own key ("signature": with another key), so the relying party's checks of
// nonce, exp, aud and the signature are tested against tokens a provider really sends.
import crypto from 'node:crypto';
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT || '0');
const clients = JSON.parse(process.env.OP_CLIENTS || '[]');
const issuer = `http://127.0.0.1:${port}`;

const STRONG_ACR = 'urn:zorgzaam:test:acr:mfa';
const WEAK_ACR = 'urn:zorgzaam:test:acr:password';
// DigiD levels of assurance as brokers send them (SAML AuthnContextClassRef).
const DIGID_ACR = {
  basis: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  midden: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  substantieel: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
  hoog: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
};
// eHerkenning levels as brokers send them (the eTD assurance classes).
const EH_ACR = {
  EH2: 'urn:etoegang:core:assurance-class:loa2',
  EH3: 'urn:etoegang:core:assurance-class:loa3',
  EH4: 'urn:etoegang:core:assurance-class:loa4',
};

// Test accounts (made-up people; the BSNs pass the eleven-test and are test numbers).
const ACCOUNTS = {
  anna: {
    given_name: 'Anna', family_name: 'de Vries', email: 'anna@gouda.example',
    groups: ['zorgzaam-professionals', 'team-noord'],
  },
  lotte: {
    given_name: 'Lotte', family_name: 'Jansen', email: 'lotte@gouda.example',
    groups: ['zorgzaam-teamleiders', 'team-noord'],
  },
  kees: {
    given_name: 'Kees', family_name: 'Bakker', email: 'kees@gouda.example',
    groups: ['marketing'],
  },
  burger: { given_name: 'Bea', family_name: 'Burger', bsn: '999990019' },
  burger2: { given_name: 'Bob', family_name: 'Burger', bsn: '999990032' },
  // eHerkenning: the person acting for the organisation, with its KvK number.
  bakker: { given_name: 'Willem', family_name: 'de Bakker', kvk: '69599084' },
};

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'zorgzaam-test-1', use: 'sig', alg: 'RS256' };
const otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let tamperMode = 'none';

const configuration = {
  clients: clients.map((c) => ({
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...c,
  })),
  jwks: { keys: [jwk] },
  scopes: ['openid', 'profile', 'email', 'groups', 'bsn', 'kvk'],
  claims: {
    acr: null, amr: null, auth_time: null, sid: null, iss: null,
    // Like Keycloak and the DigiD brokers: acr and amr in every ID token.
    openid: ['sub', 'acr', 'amr'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
    bsn: ['bsn'],
    kvk: ['kvk'],
  },
  acrValues: [STRONG_ACR, WEAK_ACR, ...Object.values(DIGID_ACR), ...Object.values(EH_ACR)],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600,
    Session: 3600, Grant: 3600,
  },
  cookies: { keys: ['zorgzaam-test-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const claims = { sub: id, preferred_username: id, ...account };
        claims.name = `${account.given_name} ${account.family_name}`;
        if (account.email) claims.email_verified = true;
        return claims;
      },
    };
  },
};

const provider = new Provider(issuer, configuration);

const b64 = (buf) => Buffer.from(buf).toString('base64url');

function resign(idToken, mode) {
  const [header, payload] = idToken.split('.');
  const head = JSON.parse(Buffer.from(header, 'base64url'));
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'nonce') claims.nonce = 'not-the-nonce-you-sent';
  if (mode === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
  if (mode === 'audience') claims.aud = 'some-other-client';
  const input = `${b64(JSON.stringify(head))}.${b64(JSON.stringify(claims))}`;
  const key = mode === 'signature' ? otherKey : privateKey;
  return `${input}.${b64(crypto.sign('sha256', Buffer.from(input), key))}`;
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/tamper') {
    tamperMode = ctx.query.mode || 'none';
    ctx.body = { tamper: tamperMode };
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token && tamperMode !== 'none') {
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, tamperMode) };
    tamperMode = 'none';
  }
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, title, body) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, params } = details;
  const scopes = String(params.scope || '').split(' ');
  const eherkenning = scopes.includes('kvk');
  const digid = scopes.includes('bsn') || eherkenning;
  const levelTable = eherkenning ? EH_ACR : DIGID_ACR;
  if (req.method === 'GET') {
    const levels = digid
      ? `<p><label for="level">Level</label> <select id="level" name="level">${
        Object.keys(levelTable).map((l) => `<option value="${l}"${l === 'substantieel' || l === 'EH3' ? ' selected' : ''}>${l}</option>`).join('')
      }</select></p>`
      : '<p><input type="checkbox" id="mfa" name="mfa" value="1"> <label for="mfa">I used my authenticator app (second factor)</label></p>';
    return page(res, eherkenning ? 'Test eHerkenning broker' : digid ? 'Test DigiD broker' : 'Test identity provider', `
<form method="post" action="/interaction/${escape(uid)}">
<p><label for="login">User name</label> <input id="login" name="login" autocomplete="off"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
${levels}
<p><button type="submit">Sign in</button></p></form>`);
  }
  const form = await readForm(req);
  const accountId = form.get('login');
  if (!ACCOUNTS[accountId]) {
    return page(res, 'Unknown user', '<p>No such test account.</p>');
  }
  let acr; let amr;
  if (digid) {
    acr = eherkenning
      ? (EH_ACR[form.get('level')] || EH_ACR.EH2)
      : (DIGID_ACR[form.get('level')] || DIGID_ACR.basis);
    amr = ['pwd'];
  } else if (form.get('mfa')) {
    acr = STRONG_ACR; amr = ['pwd', 'mfa'];
  } else {
    acr = WEAK_ACR; amr = ['pwd'];
  }
  const grant = new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, {
    login: { accountId, acr, amr }, consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction error: ${err.message}`);
    });
    return;
  }
  callback(req, res);
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
