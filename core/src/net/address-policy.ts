import { BlockList, isIP } from 'node:net';

// Addresses a tool→LMS call must never reach unless an operator allowlists them: this host, private
// networks, link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), carrier-grade NAT (Alibaba's
// metadata at 100.100.100.200), multicast, reserved and documentation ranges.
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) REFUSED.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (accepts an embedded dotted quad); undefined when it is not one. */
function ipv6Bytes(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split('%')[0] as string;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const quad = (from: number) => bytes.slice(from, from + 4).join('.');
  const isZero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (isZero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return quad(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && isZero(4, 12)) return quad(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  return undefined;
}

/**
 * Whether an IP address is one a tool→LMS call may not reach: loopback, private, link-local (cloud
 * metadata), CGNAT, multicast, reserved — also when written as IPv4-mapped, NAT64 or 6to4 IPv6.
 *
 * @example
 * isRefusedAddress('127.0.0.1'); // true
 * isRefusedAddress('::ffff:169.254.169.254'); // true
 * isRefusedAddress('93.184.216.34'); // false
 */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return REFUSED.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return REFUSED.check(inner, 'ipv4');
  return REFUSED.check(address.split('%')[0] as string, 'ipv6');
}

/** An allowlist entry: a host name or IP (optionally `:port`), or a CIDR range (`10.20.0.0/16`). */
export interface HostAllowlist { matchesHost(hostname: string, port: string): boolean; matchesAddress(address: string): boolean }

/**
 * Parses OUTBOUND_ALLOW_HOSTS entries: `lms.campus.local`, `lms.campus.local:8443`, `10.20.0.0/16`.
 *
 * @example
 * createHostAllowlist(['moodle.campus.local', '10.20.0.0/16']).matchesAddress('10.20.1.2'); // true
 */
export function createHostAllowlist(entries: readonly string[]): HostAllowlist {
  const ranges = new BlockList();
  const hosts = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    const family = cidr ? isIP(cidr[1] as string) : 0;
    if (cidr && family) ranges.addSubnet(cidr[1] as string, Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
    else if (entry) hosts.add(entry.replace(/^\[(.*)\]/, '$1'));
  }
  const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return {
    matchesHost: (hostname, port) => hosts.has(bare(hostname)) || (port !== '' && hosts.has(`${bare(hostname)}:${port}`)),
    matchesAddress: (address) => {
      const family = isIP(address);
      return family !== 0 && ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
