/** A scenario resolved against its topology. */
import type { SourceLocation } from '../../diagnostics/diagnostic.js';
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
  /** Property names or invariant IDs; undefined = all. */
  readonly appliesTo: readonly string[] | undefined;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly through: readonly string[] | undefined;
  readonly services: readonly ServiceMatch[] | undefined;
  readonly channels: readonly ChannelKind[] | undefined;
  readonly location: SourceLocation | undefined;
}

export interface Scenario {
  readonly file: string;
  readonly topologyFile: string;
  readonly description?: string | undefined;
  readonly properties: readonly Property[];
  readonly exceptions: readonly ScenarioException[];
}

export function exceptionApplies(e: ScenarioException, checkId: string): boolean {
  return e.appliesTo === undefined || e.appliesTo.includes(checkId);
}
