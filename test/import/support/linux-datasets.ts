/**
 * The TUM firewall dumps (../shared/datasets/tum-net-iptables, CC BY-NC-SA: read in place, never copied)
 * as the importers take them, and as iptables-restore takes them: the censored MACs
 * `XX:XX:XX:XX:XX:XX` become synthetic ones, 02:00 followed by the line number, so each rule names its own.
 * The 2015 snapshot has no `ip route` dump; its `ip addr` equals 2016's (IPv4), so 2016's routes serve both.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIpv4, type Ipv4 } from '../../../src/net/ipv4.js';
import type { InputFile } from '../../../src/import/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TUM_DIR = path.resolve(here, '../../../../shared/datasets/tum-net-iptables');
export const TUM_DATES = ['2015-09-03_15-56-50', '2016-06-27_16-29-01'] as const;
export type TumDate = (typeof TUM_DATES)[number];

export function tumAvailable(): boolean {
  return TUM_DATES.every((d) => existsSync(path.join(TUM_DIR, `iptables-save-${d}`)));
}

export function tumFile(name: string): InputFile {
  const file = path.join(TUM_DIR, name);
  return { path: path.relative(process.cwd(), file), text: readFileSync(file, 'utf8') };
}

/** iptables-save, ip addr, ip route of one date. */
export function tumFiles(date: TumDate): InputFile[] {
  return [tumFile(`iptables-save-${date}`), tumFile(`ip-addr-${date}`), tumFile('ip-route-2016-06-27_16-29-01')];
}

export function syntheticMac(line: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `02:00:${hex((line >>> 24) & 255)}:${hex((line >>> 16) & 255)}:${hex((line >>> 8) & 255)}:${hex(line & 255)}`;
}

/** The dump with every censored MAC replaced, and the source address → MAC each `-s A -m mac` rule registers (first wins). */
export function withSyntheticMacs(text: string): { text: string; macs: Map<Ipv4, string> } {
  const macs = new Map<Ipv4, string>();
  const lines = text.split('\n').map((line, i) => {
    if (!line.includes('--mac-source')) return line;
    const mac = syntheticMac(i + 1);
    const replaced = line.replace(/XX:XX:XX:XX:XX:XX/g, mac);
    const m = /-s (\d+\.\d+\.\d+\.\d+)(?:\/32)? .*--mac-source ([0-9a-fA-F:]{17})/.exec(replaced);
    const ip = m ? parseIpv4(m[1] as string) : undefined;
    if (m && ip !== undefined && !macs.has(ip) && !/! --mac-source/.test(replaced)) macs.set(ip, (m[2] as string).toLowerCase());
    return replaced;
  });
  return { text: lines.join('\n'), macs };
}
