import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningKey } from '../../../src/config/config.js';
import { mintAppToken, verifyAppToken } from '../../../src/domain/identity/tokens.js';

const key = (kid: string, fill: number): SigningKey => ({ kid, secret: new Uint8Array(Buffer.alloc(32, fill)) });
const current = key('k2', 2);
const previous = key('k1', 1);
const claims = { userId: '7f0c4b8e-1f7e-4a43-9a3a-0a4f1f1b2c3d', tenantId: 'b1f0c4b8-1f7e-4a43-9a3a-0a4f1f1b2c3d', roles: ['learner'], via: 'dev' as const };

describe('app tokens', () => {
  it('when a token is minted and verified, then its claims come back', async () => {
    const { token } = await mintAppToken([current], 60, claims);
    const verified = await verifyAppToken([current], token);
    expect(verified).toMatchObject({ userId: claims.userId, tenantId: claims.tenantId, roles: ['learner'] });
  });

  it('when keys rotate, then tokens from the previous key still verify by kid', async () => {
    const { token } = await mintAppToken([previous], 60, claims);
    await expect(verifyAppToken([current, previous], token)).resolves.toMatchObject({ userId: claims.userId });
  });

  it('when a token has expired, then it is rejected', async () => {
    const token = await new SignJWT({ tid: claims.tenantId }).setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .setSubject(claims.userId).setIssuer('tutorgraph').setAudience('tutorgraph-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(current.secret);
    await expect(verifyAppToken([current], token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token expired' });
  });

  it('when the signature is wrong, then it is rejected', async () => {
    const { token } = await mintAppToken([key('k2', 9)], 60, claims);
    await expect(verifyAppToken([current], token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when the kid is unknown, then it is rejected', async () => {
    const { token } = await mintAppToken([key('k9', 2)], 60, claims);
    await expect(verifyAppToken([current], token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /unknown key/ });
  });

  it('when alg is none, then it is rejected', async () => {
    const token = new UnsecuredJWT({ tid: claims.tenantId }).setSubject(claims.userId).setIssuer('tutorgraph')
      .setAudience('tutorgraph-api').setIssuedAt().setExpirationTime('1h').encode();
    await expect(verifyAppToken([current], token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when the tenant claim is tampered with, then the signature no longer holds', async () => {
    const { token } = await mintAppToken([current], 60, claims);
    const [header, payload, signature] = token.split('.');
    const body = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    body.tid = '00000000-0000-0000-0000-000000000000';
    const forged = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
    await expect(verifyAppToken([current], forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when the token is garbage, then it is rejected as malformed', async () => {
    await expect(verifyAppToken([current], 'not-a-jwt')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Malformed token' });
  });
});
