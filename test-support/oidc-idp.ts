import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  /** The issuer URL (http on 127.0.0.1: the relying party allows plain HTTP only for loopback issuers). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers where the provider may send browsers back (the tool server's callback, known once it listens). */
  allowRedirect(uri: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (`oidc-provider`) on a free port, with its development login form: any login
 * name with any password signs in, and the login name is the account's email (verified). The test drives
 * the form in Chromium like a person would.
 *
 * @example
 * const idp = await startTestIdp(); idp.allowRedirect(`${appUrl}/v1/auth/oidc/callback`);
 */
export async function startTestIdp(): Promise<TestIdp> {
  let handler: RequestListener | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else { res.statusCode = 503; res.end(); }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = `tutorgraph-${randomBytes(3).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const redirects: string[] = [];
  let provider: Provider | undefined;
  const build = () => {
    provider = new Provider(issuer, {
      clients: [{
        client_id: clientId, client_secret: clientSecret, redirect_uris: [...redirects],
        grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
      }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({ sub: `sub-${id}`, email: id, email_verified: true, name: id.split('@')[0] }),
      }),
      pkce: { required: () => true },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      features: { devInteractions: { enabled: true } },
    });
    provider.proxy = false;
    handler = provider.callback();
  };
  return {
    issuer, clientId, clientSecret,
    allowRedirect(uri) { redirects.push(uri); build(); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
