/**
 * What every format importer produces: a topology fragment (sections only, the same raw format a
 * hand-written include uses, validated by the same loader) and one ledger per input file.
 */
import type { IncludeFile, RawInterface } from '../topology/format.js';
import type { LineLedger } from './ledger.js';

export interface InputFile {
  /** Path as given on the command line (shown in diagnostics and in rule descriptions). */
  readonly path: string;
  readonly text: string;
}

/**
 * An interface as the device states it, before it is matched to a segment of the including
 * topology: its address with prefix length (e.g. `10.1.2.1/24`) or none.
 */
export interface DeviceInterface {
  readonly name: string;
  readonly cidr?: string | undefined;
  readonly description?: string | undefined;
  /**
   * The vendor's security zone of the interface (Cisco zone-member, FortiGate/SRX zone), when the
   * device's policy is written per zone pair: each vendor zone must become one topology zone.
   */
  readonly zone?: string | undefined;
  /** The line that declared it (for diagnostics). */
  readonly line?: { readonly file: string; readonly line: number } | undefined;
}

export interface ImportOptions {
  /** Node name for the device; default: the configuration's hostname, else the first file's base name. */
  readonly deviceName?: string | undefined;
}

export interface DeviceImport {
  /** Node name of the device in the fragment. */
  readonly device: string;
  /** The device's interfaces, to be matched to segments (segments.ts) before rendering. */
  readonly interfaces: readonly DeviceInterface[];
  /**
   * The fragment with the device node's `interfaces` left as `{ <interface name>: { segment: '' } }`
   * placeholders: segments.ts fills segment and address in. Rule `description`s carry `file:line`
   * of the vendor line each rule came from.
   */
  readonly fragment: IncludeFile;
  readonly ledgers: readonly LineLedger[];
}

export interface Importer {
  /** Format name on the command line, e.g. `iptables-save`. */
  readonly format: string;
  readonly description: string;
  /** The files one device is made of (configuration, then optional dumps such as `ip addr`, `ip route`). */
  importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport;
}

export type PlacedInterface = RawInterface & { readonly segment: string };
