/** The concrete engine's public surface: flows, forwarding tables, the simulator, traces and rendering. */
export { DISPOSITION_TABLE, DISPOSITIONS, HOP_LIMIT, describeDisposition, isReached, type Disposition } from './disposition.js';
export {
  flowsFor,
  makeHeader,
  parseLocation,
  resolveDestination,
  resolveStart,
  type Flow,
  type FlowRequest,
  type FlowStart,
  type Identity,
  type LocationSpec,
} from './flow.js';
export { buildForwarding, implicitGateway, interfaceRange, ownInterface, type Forwarding, type ResolvedRoute, type SegmentOwner } from './routing.js';
export { traceFlow, traceFlows, DEFAULT_MAX_BRANCHES, type TraceOptions } from './simulate.js';
export { reverseHeader, type SessionEntry } from './state.js';
export type { AclCheck, BranchChoice, DecidingRule, GatewaySession, Hop, NatRewrite, RouteUse, Trace } from './trace.js';
export { formatHeader, renderTraces, traceToJson, tracesToJson } from './render.js';
