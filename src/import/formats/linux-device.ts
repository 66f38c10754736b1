/**
 * What both Linux importers share: the rule set file first, then optional `ip addr` and `ip route`
 * dumps (told apart by their content), compiled into one firewall node (linux-compile.ts).
 *
 * What these inputs cannot show: sysctls (IPv6 forwarding; see linux-ip.ts's markIpv6Forwarding for the
 * sound reading of `inet6` addresses) and user-space relays (dhcrelay, dnsmasq's dhcp-relay), which
 * forward DHCP broadcasts as the device's own packets past the FORWARD chain: no line here can say so.
 */
import path from 'node:path';
import { LineLedger } from '../ledger.js';
import { safeName } from '../names.js';
import type { DeviceImport, ImportOptions, InputFile } from '../types.js';
import { compileLinuxDevice } from './linux-compile.js';
import { connectedRoutes, dumpKind, parseIpAddr, parseIpRoute, type LinuxInterface, type LinuxRoute } from './linux-ip.js';
import type { Ruleset } from './linux-ruleset.js';

export interface ParsedRuleset {
  readonly ruleset: Ruleset;
  readonly ledger: LineLedger;
  /** Interface names the rules mention (`-i`, `-o`, iifname, …), for a device without an `ip addr` dump. */
  readonly interfaceNames: ReadonlySet<string>;
}

export function importLinuxDevice(files: readonly InputFile[], options: ImportOptions, parse: (file: InputFile) => ParsedRuleset): DeviceImport {
  const [main, ...dumps] = files;
  if (!main) throw new Error('importLinuxDevice needs at least the rule set file');
  const parsed = parse(main);
  const ledgers: LineLedger[] = [parsed.ledger];
  let interfaces: LinuxInterface[] | undefined;
  let routes: LinuxRoute[] | undefined;
  for (const dump of dumps) {
    const kind = dumpKind(dump.text);
    if (kind === 'ip-addr' && interfaces === undefined) {
      const r = parseIpAddr(dump);
      interfaces = r.interfaces;
      ledgers.push(r.ledger);
    } else if (kind === 'ip-route' && routes === undefined) {
      const r = parseIpRoute(dump);
      routes = r.routes;
      ledgers.push(r.ledger);
    } else {
      // Neither dump, or a second one of a kind: every line stays unknown, so the import says so.
      const ledger = new LineLedger(dump.path, dump.text);
      const why = kind ? `a second \`${kind.replace('-', ' ')}\` dump: only the first one given is read` : 'not an `ip addr` or `ip route` dump';
      ledger.lines.forEach((l, i) => {
        if (l.trim() !== '') ledger.unknown(i + 1, why, true);
      });
      ledgers.push(ledger);
    }
  }
  const inferred = interfaces === undefined;
  const devices: LinuxInterface[] =
    interfaces ?? [...parsed.interfaceNames].filter((n) => !/[+*]$/.test(n) && n !== 'lo').sort().map((name) => ({ name, up: true, loopback: false, addresses: [], line: 1, file: main.path }));
  // The kernel adds a route for every interface address; a hand-made route dump may leave them out.
  const given = routes ?? [];
  const table = [...given, ...connectedRoutes(devices).filter((c) => !given.some((r) => r.prefix.network === c.prefix.network && r.prefix.length === c.prefix.length))];
  const device = safeName(options.deviceName ?? path.basename(main.path).replace(/\.(rules|txt|json|nft|v4|ipt)$/i, ''));
  const model = compileLinuxDevice({ device, ruleset: parsed.ruleset, interfaces: devices, routes: table, ledger: parsed.ledger });
  return {
    device,
    interfaces: model.interfaces.map((i) => (inferred ? { ...i, line: undefined } : i)),
    fragment: { ...(Object.keys(model.objects).length ? { objects: { addresses: model.objects } } : {}), nodes: { [device]: model.node } },
    ledgers,
  };
}
