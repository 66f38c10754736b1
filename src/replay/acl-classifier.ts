/**
 * The classifier interface the compiled network calls per ACL, and a flat fallback: every rule
 * expanded into (src range × dst range × service) atoms in typed arrays, scanned in order. The
 * classifier of src/acl/compiled.ts plugs in through the same interface.
 */
import { PROTO } from '../net/ports.js';
import type { Acl } from '../topology/model.js';

/** First-match over header fields; returns the rule index in the ACL, or -1 for "no rule matched". */
export interface FieldClassifier {
  firstMatchFields(src: number, dst: number, proto: number, srcPort: number, dstPort: number, icmpType: number, icmpCode: number): number;
}

export type ClassifierFactory = (acl: Acl) => FieldClassifier;

const ANY = 256;

export class FlatAclClassifier implements FieldClassifier {
  private readonly srcLo: Uint32Array;
  private readonly srcHi: Uint32Array;
  private readonly dstLo: Uint32Array;
  private readonly dstHi: Uint32Array;
  /** Protocol, or ANY. */
  private readonly proto: Uint16Array;
  /** For tcp/udp: port ranges. For icmp: type in spLo (ANY = any), code in dpLo. */
  private readonly spLo: Uint16Array;
  private readonly spHi: Uint16Array;
  private readonly dpLo: Uint16Array;
  private readonly dpHi: Uint16Array;
  private readonly rule: Int32Array;
  private readonly n: number;

  constructor(acl: Acl) {
    const atoms: number[][] = [];
    for (const [ruleIndex, r] of acl.rules.entries()) {
      for (const [sl, sh] of r.src.ranges) {
        for (const [dl, dh] of r.dst.ranges) {
          for (const s of r.services) {
            const p = s.protocol ?? ANY;
            if (p === PROTO.icmp) atoms.push([sl, sh, dl, dh, p, s.icmpType ?? ANY, 0, s.icmpCode ?? ANY, 0, ruleIndex]);
            else atoms.push([sl, sh, dl, dh, p, s.srcPorts.first, s.srcPorts.last, s.dstPorts.first, s.dstPorts.last, ruleIndex]);
          }
        }
      }
    }
    const n = (this.n = atoms.length);
    this.srcLo = new Uint32Array(n);
    this.srcHi = new Uint32Array(n);
    this.dstLo = new Uint32Array(n);
    this.dstHi = new Uint32Array(n);
    this.proto = new Uint16Array(n);
    this.spLo = new Uint16Array(n);
    this.spHi = new Uint16Array(n);
    this.dpLo = new Uint16Array(n);
    this.dpHi = new Uint16Array(n);
    this.rule = new Int32Array(n);
    atoms.forEach((a, i) => {
      this.srcLo[i] = a[0]!;
      this.srcHi[i] = a[1]!;
      this.dstLo[i] = a[2]!;
      this.dstHi[i] = a[3]!;
      this.proto[i] = a[4]!;
      this.spLo[i] = a[5]!;
      this.spHi[i] = a[6]!;
      this.dpLo[i] = a[7]!;
      this.dpHi[i] = a[8]!;
      this.rule[i] = a[9]!;
    });
  }

  firstMatchFields(src: number, dst: number, proto: number, srcPort: number, dstPort: number, icmpType: number, icmpCode: number): number {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      if (src < this.srcLo[i]! || src > this.srcHi[i]! || dst < this.dstLo[i]! || dst > this.dstHi[i]!) continue;
      const p = this.proto[i]!;
      if (p === ANY) return this.rule[i]!;
      if (p !== proto) continue;
      if (p === PROTO.tcp || p === PROTO.udp) {
        if (srcPort >= this.spLo[i]! && srcPort <= this.spHi[i]! && dstPort >= this.dpLo[i]! && dstPort <= this.dpHi[i]!) return this.rule[i]!;
      } else if (p === PROTO.icmp) {
        const t = this.spLo[i]!;
        const c = this.dpLo[i]!;
        if ((t === ANY || t === icmpType) && (c === ANY || c === icmpCode)) return this.rule[i]!;
      } else {
        return this.rule[i]!;
      }
    }
    return -1;
  }
}

export const flatClassifierFactory: ClassifierFactory = (acl) => new FlatAclClassifier(acl);
