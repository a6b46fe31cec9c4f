import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createHostAllowlist, isRefusedAddress } from './address-policy.js';

/**
 * The one policy every tool→LMS call goes through (dynamic registration, token endpoint, AGS, NRPS, JWKS).
 *
 * @example
 * const policy: OutboundPolicy = { allowHttp: false, allowHosts: [], timeoutMs: 10_000, maxResponseBytes: 1_048_576, maxRedirects: 3 };
 */
export interface OutboundPolicy {
  /** Plain http is accepted only in demo and test mode. @defaultValue false */
  allowHttp: boolean;
  /** OUTBOUND_ALLOW_HOSTS: hosts (`lms.campus.local[:port]`) or CIDR ranges that may be private. @defaultValue [] */
  allowHosts: string[];
  /** Whole request, redirects included. @defaultValue 10000 */
  timeoutMs: number;
  /** A longer answer is cut off and refused. @defaultValue 1 MiB */
  maxResponseBytes: number;
  /** Each hop is checked against the policy again. @defaultValue 3 */
  maxRedirects: number;
}

/** A strict policy (https, public addresses only) for callers that were given none. */
export const STRICT_OUTBOUND_POLICY: OutboundPolicy = Object.freeze({
  allowHttp: false, allowHosts: [], timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRedirects: 3,
}) as OutboundPolicy;

export const OUTBOUND_REFUSALS = ['URL_REFUSED', 'ADDRESS_REFUSED', 'TIMEOUT', 'TOO_LARGE', 'TOO_MANY_REDIRECTS', 'NETWORK'] as const;
export type OutboundRefusal = (typeof OUTBOUND_REFUSALS)[number];

/** The outbound policy refused a call, or the call failed before an answer was read. Messages name no remote content. */
export class OutboundRequestError extends Error {
  constructor(readonly reason: OutboundRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundRequestError';
  }
}

/** What came back: the status, headers and the (size-capped) body text. */
export interface OutboundResponse { status: number; ok: boolean; headers: Headers; text: string; url: string }

export interface OutboundRequestInit { method?: string; headers?: Record<string, string>; body?: string }

/**
 * Checks a URL against the policy before any connection: scheme, credentials in the URL, and literal
 * addresses (`127.1` and `0x7f000001` are already 127.0.0.1 once parsed). Names are checked once resolved.
 *
 * @example
 * assertOutboundUrl(policy, 'http://169.254.169.254/latest'); // throws OutboundRequestError('URL_REFUSED' …)
 */
export function assertOutboundUrl(policy: OutboundPolicy, raw: string): URL {
  let url: URL;
  try { url = new URL(raw); } catch { throw new OutboundRequestError('URL_REFUSED', 'The LMS address is not a valid URL'); }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new OutboundRequestError('URL_REFUSED', `The LMS address must use https (got ${url.protocol.replace(':', '')})`);
  }
  if (url.username || url.password) throw new OutboundRequestError('URL_REFUSED', 'The LMS address must not carry credentials');
  const allow = createHostAllowlist(policy.allowHosts);
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!allow.matchesHost(url.hostname, url.port) && isIP(literal) && isRefusedAddress(literal) && !allow.matchesAddress(literal)) {
    throw new OutboundRequestError('ADDRESS_REFUSED', `The LMS address ${url.host} is a private or reserved address (allow it with OUTBOUND_ALLOW_HOSTS)`);
  }
  return url;
}

/** A DNS lookup that refuses private answers, so the address checked is the address connected to (no rebinding). */
function guardedLookup(policy: OutboundPolicy, url: URL): LookupFunction {
  const allow = createHostAllowlist(policy.allowHosts);
  const isHostAllowed = allow.matchesHost(url.hostname, url.port);
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) { callback(error, '', 4); return; }
      const refused = addresses.find((a) => isRefusedAddress(a.address) && !isHostAllowed && !allow.matchesAddress(a.address));
      if (refused || addresses.length === 0) {
        callback(new OutboundRequestError('ADDRESS_REFUSED', `The LMS host ${url.hostname} resolves to a private or reserved address (allow it with OUTBOUND_ALLOW_HOSTS)`), '', 4);
        return;
      }
      if (options.all) callback(null, addresses as unknown as string, 4);
      else callback(null, (addresses[0] as LookupAddress).address, (addresses[0] as LookupAddress).family);
    });
  };
}

function once(policy: OutboundPolicy, url: URL, init: OutboundRequestInit, signal: AbortSignal): Promise<{ response: IncomingMessage; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: init.method ?? 'GET', headers: { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) },
      lookup: guardedLookup(policy, url), signal,
    }, (response) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > policy.maxResponseBytes) {
        response.destroy();
        reject(new OutboundRequestError('TOO_LARGE', `The LMS answer is larger than ${policy.maxResponseBytes} bytes`));
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxResponseBytes) {
          response.destroy();
          reject(new OutboundRequestError('TOO_LARGE', `The LMS answer is larger than ${policy.maxResponseBytes} bytes`));
          return;
        }
        parts.push(chunk);
      });
      response.on('end', () => resolve({ response, text: Buffer.concat(parts).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('error', (error) => {
      if (error instanceof OutboundRequestError) reject(error);
      else if (signal.aborted) reject(new OutboundRequestError('TIMEOUT', `The LMS did not answer within ${policy.timeoutMs} ms`, { cause: error }));
      else reject(new OutboundRequestError('NETWORK', `The LMS at ${url.host} could not be reached`, { cause: error }));
    });
    req.end(init.body);
  });
}

const toHeaders = (response: IncomingMessage) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
};

/**
 * Calls an LMS under the outbound policy: every hop's URL and resolved address checked, redirects
 * followed by hand (at most `maxRedirects`, credentials dropped when the origin changes), one deadline
 * for the whole call, the answer capped at `maxResponseBytes`. Errors never carry the remote body.
 *
 * @example
 * const reply = await outboundFetch(policy, 'https://lms.example.edu/.well-known/openid-configuration');
 * if (reply.ok) JSON.parse(reply.text);
 */
export async function outboundFetch(policy: OutboundPolicy, rawUrl: string, init: OutboundRequestInit = {}): Promise<OutboundResponse> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let url = assertOutboundUrl(policy, rawUrl);
  let current = { ...init };
  for (let hop = 0; ; hop += 1) {
    const { response, text } = await once(policy, url, current, signal);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      if (hop >= policy.maxRedirects) throw new OutboundRequestError('TOO_MANY_REDIRECTS', `The LMS redirected more than ${policy.maxRedirects} times`);
      const next = assertOutboundUrl(policy, new URL(location, url).toString());
      const headers = { ...current.headers };
      if (next.origin !== url.origin) {
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'cookie') delete headers[name];
      }
      current = status === 307 || status === 308 ? { ...current, headers } : { method: 'GET', headers: Object.fromEntries(Object.entries(headers).filter(([n]) => n.toLowerCase() !== 'content-type')) };
      url = next;
      continue;
    }
    return { status, ok: status >= 200 && status < 300, headers: toHeaders(response), text, url: url.toString() };
  }
}

/**
 * A `fetch`-shaped function under the policy, for libraries that take one (jose's remote JWKS).
 *
 * @example
 * createRemoteJWKSet(new URL(keysetUrl), { [customFetch]: createPolicyFetch(config.outbound) });
 */
export function createPolicyFetch(policy: OutboundPolicy): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => { headers[name] = value; });
    const reply = await outboundFetch(policy, String(url), {
      method: init?.method ?? 'GET', headers, ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    return new Response(reply.status === 204 || reply.status === 304 ? null : reply.text, { status: reply.status, headers: reply.headers });
  };
}
