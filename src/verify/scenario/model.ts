/** A scenario resolved against its topology. */
import type { Diagnostic, SourceLocation } from '../../diagnostics/diagnostic.js';
import type { ServiceMatch } from '../../net/ports.js';
import type { ChannelKind } from '../../flowgraph/channels.js';
import type { Endpoint } from '../endpoints.js';

interface PropertyBase {
  readonly name: string;
  readonly description?: string | undefined;
  readonly location: SourceLocation | undefined;
}

export interface IsolatedProperty extends PropertyBase {
  readonly type: 'isolated';
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** Header constraint; undefined = every header. */
  readonly services: readonly ServiceMatch[] | undefined;
  readonly packetLayer: boolean;
  readonly flowLayer: boolean;
  readonly allow: readonly ChannelKind[];
  readonly propagate: readonly ChannelKind[];
}

export interface ReachableProperty extends PropertyBase {
  readonly type: 'reachable';
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly services: readonly ServiceMatch[];
  readonly serviceText: string;
}

export interface OnlyViaProperty extends PropertyBase {
  readonly type: 'only-via';
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly through: readonly string[];
  readonly services: readonly ServiceMatch[] | undefined;
}

export type Property = IsolatedProperty | ReachableProperty | OnlyViaProperty;

export interface ScenarioException {
  readonly name: string;
  readonly justification: string;
  /** YYYY-MM-DD, the last day it applies; undefined = no end. */
  readonly expires: string | undefined;
  /** Property names or invariant IDs; undefined = all. */
  readonly appliesTo: readonly string[] | undefined;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly through: readonly string[] | undefined;
  readonly services: readonly ServiceMatch[] | undefined;
  readonly channels: readonly ChannelKind[] | undefined;
  /** Only the answers on sessions `to` opened to `from`: reply edges of the flow layer, nothing on the packet layer. */
  readonly replies?: boolean | undefined;
  readonly location: SourceLocation | undefined;
}

export interface Scenario {
  readonly file: string;
  readonly topologyFile: string;
  readonly description?: string | undefined;
  readonly properties: readonly Property[];
  /** The exceptions in force on the day the scenario was resolved: the only ones any check applies. */
  readonly exceptions: readonly ScenarioException[];
  /** Exceptions whose `expires` day has passed: reported, never applied. */
  readonly expired: readonly ScenarioException[];
  /** The day expiry was judged against (YYYY-MM-DD). */
  readonly today: string;
  /** Warnings found while loading (expired exceptions, deprecated spellings): the scenario is usable. */
  readonly warnings: readonly Diagnostic[];
}

export function exceptionApplies(e: ScenarioException, checkId: string): boolean {
  return e.appliesTo === undefined || e.appliesTo.includes(checkId);
}
