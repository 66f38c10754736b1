/** Vendor names (`GigabitEthernet0/1.10`, `eth1.110`, `10.0.0.0/8-hosts`) as segproof names. */
import { NAME_PATTERN } from '../topology/format.js';

/** A valid segproof name for `text`: other characters become `_`, a leading digit gets a `_` before it. */
export function safeName(text: string): string {
  if (NAME_PATTERN.test(text)) return text;
  let name = text.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  return name;
}

/** Makes names unique within one namespace by suffixing `_2`, `_3`, … in order of arrival. */
export class NameSpace {
  private readonly used = new Map<string, string>();
  private readonly taken = new Set<string>();

  name(original: string): string {
    const known = this.used.get(original);
    if (known !== undefined) return known;
    const base = safeName(original);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.used.set(original, candidate);
    this.taken.add(candidate);
    return candidate;
  }
}
