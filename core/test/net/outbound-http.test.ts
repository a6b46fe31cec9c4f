import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRefusedAddress, outboundFetch, OutboundRequestError, STRICT_OUTBOUND_POLICY, type OutboundPolicy } from '../../src/net/index.js';

let hits = 0;
let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (req.url === '/big') { res.writeHead(200, { 'content-type': 'text/plain' }); const chunk = 'x'.repeat(64 * 1024); for (let i = 0; i < 64; i += 1) res.write(chunk); res.end(); return; }
    if (req.url === '/to-loopback') { res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }); res.end(); return; }
    if (req.url === '/loop') { res.writeHead(302, { location: '/loop' }); res.end(); return; }
    if (req.url === '/slow') { setTimeout(() => res.end('late'), 2000); return; }
    res.end('internal secret');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const testPolicy = (overrides: Partial<OutboundPolicy> = {}): OutboundPolicy => ({ ...STRICT_OUTBOUND_POLICY, allowHttp: true, ...overrides });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
};

describe('address classification', () => {
  it('when an address is loopback, private, link-local, metadata or an IPv6 form of one, then it is refused', () => {
    for (const address of [
      '127.0.0.1', '127.255.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '224.0.0.1',
      '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', 'fe80::1', 'fd00:ec2::254', 'fc00::1',
      '64:ff9b::7f00:1', '2002:7f00:1::', 'ff02::1', 'not-an-ip',
    ]) expect(isRefusedAddress(address), address).toBe(true);
  });
  it('when an address is public, then it is allowed', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isRefusedAddress(address), address).toBe(false);
  });
});

describe('outboundFetch under the policy', () => {
  it('when the URL is plain http and the policy is strict, then nothing is sent', async () => {
    const before = hits;
    expect((await refusal(outboundFetch(STRICT_OUTBOUND_POLICY, `http://127.0.0.1:${port}/`))).reason).toBe('URL_REFUSED');
    expect(hits).toBe(before);
  });

  it('when the host is loopback in any spelling (127.1, 0x7f000001, 2130706433, [::1], [::ffff:127.0.0.1], localhost), then nothing is sent', async () => {
    const before = hits;
    for (const host of ['127.0.0.1', '127.1', '0x7f000001', '2130706433', '0177.0.0.1', '[::1]', '[::ffff:127.0.0.1]', 'localhost']) {
      const error = await refusal(outboundFetch(testPolicy(), `http://${host}:${port}/`));
      expect(['ADDRESS_REFUSED', 'NETWORK'], host).toContain(error.reason);
    }
    expect(hits).toBe(before);
  });

  it('when a name resolves to loopback, then the lookup refuses it before connecting', async () => {
    const error = await refusal(outboundFetch(testPolicy(), `http://localhost:${port}/`));
    expect(error.reason).toBe('ADDRESS_REFUSED');
  });

  it('when the host is allowlisted (OUTBOUND_ALLOW_HOSTS), then the call goes through', async () => {
    const reply = await outboundFetch(testPolicy({ allowHosts: [`127.0.0.1:${port}`] }), `http://127.0.0.1:${port}/`);
    expect(reply).toMatchObject({ status: 200, text: 'internal secret' });
    const byRange = await outboundFetch(testPolicy({ allowHosts: ['127.0.0.0/8'] }), `http://localhost:${port}/`);
    expect(byRange.status).toBe(200);
  });

  it('when an allowed host redirects to a refused one, then the redirect is not followed', async () => {
    const before = hits;
    const error = await refusal(outboundFetch(testPolicy({ allowHosts: [`localhost:${port}`] }), `http://localhost:${port}/to-loopback`));
    expect(error.reason).toBe('ADDRESS_REFUSED');
    expect(hits).toBe(before + 1);
  });

  it('when redirects loop, then the call stops after maxRedirects', async () => {
    expect((await refusal(outboundFetch(testPolicy({ allowHosts: ['127.0.0.1'] }), `http://127.0.0.1:${port}/loop`))).reason).toBe('TOO_MANY_REDIRECTS');
  });

  it('when the answer is larger than the cap, then it is cut off and refused', async () => {
    const error = await refusal(outboundFetch(testPolicy({ allowHosts: ['127.0.0.1'], maxResponseBytes: 100_000 }), `http://127.0.0.1:${port}/big`));
    expect(error.reason).toBe('TOO_LARGE');
  });

  it('when the LMS is slower than the timeout, then the call fails with TIMEOUT', async () => {
    const started = Date.now();
    const error = await refusal(outboundFetch(testPolicy({ allowHosts: ['127.0.0.1'], timeoutMs: 500 }), `http://127.0.0.1:${port}/slow`));
    expect(error.reason).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
