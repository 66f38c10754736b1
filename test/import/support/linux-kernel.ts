/**
 * The Linux kernel as an oracle for imported netfilter rule sets (test/import/kernel-oracle.test.ts).
 *
 * One run (src/emulate/registry.ts prefix, recorded before the first namespace, removed on every exit
 * path by RunGuard and the suite's global setup) holds, per device under test:
 *
 *   - a device namespace `<prefix>-<tag>` with the dumped interfaces (veths named as in `ip addr`, with
 *     every address, ARP off so it forwards without asking for neighbours), the dumped routes, and the
 *     rule set loaded as dumped (`iptables-restore` or `nft -f`). Beside it an observer table of ours
 *     records, at priority 500 of the forward and input hooks (after every filter of the rule set), the
 *     5-tuple of each packet the rule set let through, per egress interface: a packet there was
 *     forwarded, one in the input set delivered, any other dropped. The rule set's own tables are
 *     untouched.
 *   - one sender namespace per ingress interface `<prefix>-<tag>s<n>` with the veth's other end, the probe
 *     sources on `lo`, and a route to the device's MAC that the sender's own packets take before its local
 *     table (so a probe may go to an address that another probe uses as its source). Probes are sent by a small agent: TCP connects (the
 *     SYN is the probe; the socket is closed before any retry), UDP datagrams, ICMP echo via ping. An
 *     egress table there rewrites the Ethernet source of probes from a source IP that a MAC rule names to
 *     that MAC (source port below 50000), so the kernel takes the branch the import assumes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hasProgram, run, runInNamespace, spawnInNamespace } from '../../../src/emulate/exec.js';
import { newRunPrefix } from '../../../src/emulate/names.js';
import { removeRunNamespaces, RunGuard } from '../../../src/emulate/namespaces.js';
import { forgetRun, recordRun } from '../../../src/emulate/registry.js';
import { formatIpv4, type Ipv4 } from '../../../src/net/ipv4.js';
import type { LinuxInterface } from '../../../src/import/formats/linux-ip.js';

export interface KernelProbe {
  readonly id: number;
  /** Kernel name of the ingress interface. */
  readonly ingress: string;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly protocol: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

export type KernelOutcome = { readonly kind: 'forward'; readonly egress: string } | { readonly kind: 'local' } | { readonly kind: 'dropped' };

/** Source ports from here on keep the sender's own MAC (one no rule names). */
export const UNREGISTERED_MAC_PORTS = 50000;

export function kernelOracleProblems(): string[] {
  const problems: string[] = [];
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) problems.push('needs root (network namespaces, nftables)');
  for (const p of ['ip', 'nft', 'iptables-restore', 'iptables-restore-translate', 'nsenter', 'ping']) if (!hasProgram(p)) problems.push(`"${p}" is not installed (.ci/emulate-prereqs.sh installs it)`);
  return problems;
}

export interface DeviceSetup {
  /** Short tag for namespace names. */
  readonly tag: string;
  readonly interfaces: readonly LinuxInterface[];
  /** `ip route` dump lines (kernel routes are skipped: the addresses add them). */
  readonly routes: string;
  /** Source IP → MAC the rule set registers for it. */
  readonly macs: ReadonlyMap<Ipv4, string>;
}

const AGENT = String.raw`
'use strict';
const net = require('node:net');
const dgram = require('node:dgram');
const { execFile } = require('node:child_process');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const ip = (n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const errors = [];
  const one = (p) => new Promise((resolve) => {
    if (p.protocol === 6) {
      const s = net.connect({ host: ip(p.dst), port: p.dstPort, localAddress: ip(p.src), localPort: p.srcPort });
      const done = () => { clearTimeout(t); s.destroy(); resolve(); };
      const t = setTimeout(done, job.holdMs);
      s.on('error', (e) => { if (e.syscall === 'bind') errors.push(p.id + ' ' + e.code); done(); });
      s.on('connect', done);
    } else if (p.protocol === 17) {
      const s = dgram.createSocket('udp4');
      s.on('error', (e) => { errors.push(p.id + ' ' + e.code); try { s.close(); } catch {} resolve(); });
      s.bind(p.srcPort, ip(p.src), () => s.send('segproof ' + p.id, p.dstPort, ip(p.dst), () => { s.close(); resolve(); }));
    } else {
      execFile('ping', ['-n', '-q', '-c', '1', '-W', '0.2', '-e', String(p.echoId), '-I', ip(p.src), ip(p.dst)], () => resolve());
    }
  });
  const queue = job.probes.slice();
  const worker = async () => { for (let p = queue.shift(); p; p = queue.shift()) await one(p); };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  process.stdout.write(JSON.stringify({ errors }) + '\n', () => process.exit(0));
});
`;

interface Device {
  readonly tag: string;
  readonly ns: string;
  readonly senders: Map<string, string>;
  readonly egressIndex: Map<string, number>;
}

export class KernelRun {
  readonly prefix = newRunPrefix();
  private readonly guard = new RunGuard(this.prefix);
  private readonly devices = new Map<string, Device>();

  start(): void {
    recordRun(this.prefix);
    this.guard.arm();
  }

  async stop(): Promise<void> {
    this.guard.killChildren();
    const left = await removeRunNamespaces(this.prefix);
    if (left.length === 0) forgetRun(this.prefix);
    this.guard.disarm();
    if (left.length) throw new Error(`namespaces left behind: ${left.join(', ')}`);
  }

  namespace(tag: string): string {
    const d = this.devices.get(tag);
    if (!d) throw new Error(`no device ${tag}`);
    return d.ns;
  }

  /** Builds the device and its senders (no rule set yet). `sources` are the probe sources per ingress. */
  async createDevice(setup: DeviceSetup, sources: ReadonlyMap<string, ReadonlySet<Ipv4>>): Promise<void> {
    const ns = `${this.prefix}-${setup.tag}`;
    const ifaces = setup.interfaces.filter((i) => !i.loopback && i.addresses.length > 0);
    const senders = new Map<string, string>();
    ifaces.forEach((i, k) => senders.set(i.name, `${ns}s${k}`));
    const egressIndex = new Map(ifaces.map((i, k) => [i.name, k] as const));
    const device: Device = { tag: setup.tag, ns, senders, egressIndex };
    this.devices.set(setup.tag, device);
    const batch = [`netns add ${ns}`, ...[...senders.values()].map((s) => `netns add ${s}`)];
    await run('ip', ['-batch', '-'], `${batch.join('\n')}\n`);
    await runInNamespace(ns, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', 'net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.default.send_redirects=0']);
    await run('ip', ['-batch', '-'], `${ifaces.map((i) => `link add ${i.name} netns ${ns} type veth peer name p netns ${senders.get(i.name)}`).join('\n')}\n`);
    const dev: string[] = ['link set lo up'];
    for (const i of ifaces) {
      dev.push(`link set ${i.name} arp off`, `link set ${i.name} up`);
      for (const a of [...i.addresses].sort((x, y) => Number(x.secondary) - Number(y.secondary))) {
        dev.push(`addr add ${formatIpv4(a.address)}/${a.prefix.length}${a.broadcast !== undefined ? ` brd ${formatIpv4(a.broadcast)}` : ''} dev ${i.name}`);
      }
    }
    for (const line of setup.routes.split('\n')) {
      const l = line.trim();
      if (l === '' || /\bproto kernel\b/.test(l)) continue;
      dev.push(`route add ${l.replace(/\s+/g, ' ')}`);
    }
    await run('ip', ['-n', ns, '-batch', '-'], `${dev.join('\n')}\n`);
    const macs = JSON.parse((await run('ip', ['-n', ns, '-j', 'link', 'show'])) || '[]') as { ifname: string; address: string }[];
    const macOf = new Map(macs.map((m) => [m.ifname, m.address]));
    const mapElements = [...setup.macs].map(([ip, mac]) => `${formatIpv4(ip)} : ${mac}`);
    await Promise.all(
      ifaces.map(async (i) => {
        const s = senders.get(i.name) as string;
        // Sources sit on lo (a socket sends only from its own addresses); the agent's packets are routed by
        // table 200 before the local table, so a probe to an address that is another probe's source leaves too.
        const cmds = [
          'link set lo up',
          'link set p up',
          'rule add pref 10 iif lo lookup 200',
          'rule del pref 0',
          'rule add pref 100 lookup local',
          'route add default via 169.254.1.1 dev p onlink table 200',
          `neigh add 169.254.1.1 lladdr ${macOf.get(i.name)} dev p nud permanent`,
        ];
        for (const src of sources.get(i.name) ?? []) cmds.push(`addr add ${formatIpv4(src)}/32 dev lo`);
        await run('ip', ['-n', s, '-batch', '-'], `${cmds.join('\n')}\n`);
        await runInNamespace(s, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv4.ip_local_port_range=1024 65535']);
        if (mapElements.length) {
          const table = [
            'table netdev segproof_mac {',
            `  map registered { type ipv4_addr : ether_addr; elements = { ${mapElements.join(', ')} } }`,
            '  chain egress {',
            '    type filter hook egress device "p" priority 0; policy accept;',
            `    meta l4proto { tcp, udp } th sport < ${UNREGISTERED_MAC_PORTS} ether saddr set ip saddr map @registered`,
            '    meta l4proto icmp ether saddr set ip saddr map @registered',
            '  }',
            '}',
          ];
          await runInNamespace(s, 'nft', ['-f', '-'], `${table.join('\n')}\n`);
        }
      }),
    );
  }

  async loadIptables(tag: string, rules: string): Promise<void> {
    await runInNamespace(this.namespace(tag), 'iptables-restore', [], rules);
  }

  async loadNft(tag: string, rules: string): Promise<void> {
    await runInNamespace(this.namespace(tag), 'nft', ['-f', '-'], rules);
  }

  async listRulesetJson(tag: string): Promise<string> {
    return runInNamespace(this.namespace(tag), 'nft', ['-j', 'list', 'ruleset']);
  }

  /** The observer: per egress interface, a set of the 5-tuples forwarded; one set of those delivered. */
  async observe(tag: string): Promise<void> {
    const d = this.devices.get(tag) as Device;
    const key5 = 'type ipv4_addr . ipv4_addr . inet_proto . inet_service . inet_service; flags dynamic; size 1048576;';
    const key2 = 'type ipv4_addr . ipv4_addr; flags dynamic; size 1048576;';
    // Keyed by the header as the probe left its sender: conntrack's original tuple undoes a destination NAT.
    const record = (ports: string, icmp: string) => [
      `    ct state untracked meta l4proto { tcp, udp } add @${ports} { ip saddr . ip daddr . meta l4proto . th sport . th dport }`,
      `    ct state != untracked meta l4proto { tcp, udp } add @${ports} { ip saddr . ct original ip daddr . meta l4proto . th sport . ct original proto-dst }`,
      `    ct state untracked meta l4proto icmp add @${icmp} { ip saddr . ip daddr }`,
      `    ct state != untracked meta l4proto icmp add @${icmp} { ip saddr . ct original ip daddr }`,
    ];
    const lines = ['table ip segproof_oracle {', `  set local { ${key5} }`, `  set locali { ${key2} }`];
    for (const k of d.egressIndex.values()) lines.push(`  set out${k} { ${key5} }`, `  set outi${k} { ${key2} }`);
    lines.push('  chain forwarded {', '    type filter hook forward priority 500; policy accept;');
    for (const [name, k] of d.egressIndex) lines.push(`    oifname "${name}" goto out_${k}`);
    lines.push('  }');
    for (const k of d.egressIndex.values()) {
      lines.push(`  chain out_${k} {`, ...record(`out${k}`, `outi${k}`), '  }');
    }
    lines.push('  chain delivered {', '    type filter hook input priority 500; policy accept;', ...record('local', 'locali'), '  }', '}');
    await runInNamespace(d.ns, 'nft', ['-f', '-'], `${lines.join('\n')}\n`);
  }

  /** Sends every probe from its ingress's sender (a few senders at a time); returns bind failures. */
  async send(tag: string, probes: readonly KernelProbe[], parallel = 4): Promise<string[]> {
    const d = this.devices.get(tag) as Device;
    const byIngress = new Map<string, KernelProbe[]>();
    for (const p of probes) {
      const list = byIngress.get(p.ingress) ?? [];
      list.push(p);
      byIngress.set(p.ingress, list);
    }
    const errors: string[] = [];
    const groups = [...byIngress];
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        const [ingress, list] = groups[next++] as [string, KernelProbe[]];
        const ns = d.senders.get(ingress);
        if (!ns) throw new Error(`no sender for ${ingress}`);
        const child = spawnInNamespace(ns, process.execPath, ['-e', AGENT]);
        this.guard.track(child);
        let out = '';
        child.stdout?.on('data', (c) => (out += String(c)));
        const job = { holdMs: 40, concurrency: 256, probes: list.map((p) => ({ ...p, echoId: (p.id % 65000) + 1 })) };
        child.stdin?.end(JSON.stringify(job));
        await new Promise<void>((resolve, reject) => {
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`probe agent in ${ns} exited with ${code}`))));
        });
        const parsed = JSON.parse(out.trim() || '{"errors":[]}') as { errors: string[] };
        errors.push(...parsed.errors.map((e) => `${ingress}: ${e}`));
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return errors;
  }

  /** What the observer saw, per probe. */
  async outcomes(tag: string, probes: readonly KernelProbe[]): Promise<Map<number, KernelOutcome>> {
    const d = this.devices.get(tag) as Device;
    await new Promise((r) => setTimeout(r, 300));
    const json = JSON.parse(await runInNamespace(d.ns, 'nft', ['-j', 'list', 'table', 'ip', 'segproof_oracle'])) as { nftables: Record<string, { name?: string; elem?: unknown[] }>[] };
    const sets = new Map<string, Set<string>>();
    for (const el of json.nftables) {
      const set = el.set;
      if (!set?.name) continue;
      const keys = new Set<string>();
      for (const e of set.elem ?? []) {
        const concat = (e as { concat?: unknown[]; elem?: { val?: { concat?: unknown[] } } }).concat ?? (e as { elem?: { val?: { concat?: unknown[] } } }).elem?.val?.concat ?? [];
        keys.add(concat.map((v) => (v === 'tcp' ? 6 : v === 'udp' ? 17 : v)).join('|'));
      }
      sets.set(set.name, keys);
    }
    const out = new Map<number, KernelOutcome>();
    for (const p of probes) {
      const icmp = p.protocol === 1;
      const key = icmp ? `${formatIpv4(p.src)}|${formatIpv4(p.dst)}` : `${formatIpv4(p.src)}|${formatIpv4(p.dst)}|${p.protocol}|${p.srcPort}|${p.dstPort}`;
      let outcome: KernelOutcome = { kind: 'dropped' };
      if (sets.get(icmp ? 'locali' : 'local')?.has(key)) outcome = { kind: 'local' };
      for (const [name, k] of d.egressIndex) if (sets.get(icmp ? `outi${k}` : `out${k}`)?.has(key)) outcome = { kind: 'forward', egress: name };
      out.set(p.id, outcome);
    }
    return out;
  }
}

/** `iptables-restore-translate`: the same rule set in nft syntax (rules it cannot translate are left out, as comments). */
export async function translateToNft(rules: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segproof-translate-'));
  try {
    const file = path.join(dir, 'rules');
    await writeFile(file, rules);
    return await run('iptables-restore-translate', ['-f', file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
