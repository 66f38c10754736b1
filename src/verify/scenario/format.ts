/**
 * The scenario file format: properties a topology must satisfy and the named, justified exceptions
 * that exempt a precise part of them. Structure only; references are checked against the topology
 * by load.ts. The single source of truth for validation, schema/scenario.schema.json and
 * docs/scenario-format.md (`npm run schema`, `npm run docs`).
 */
import { z } from 'zod';
import { CHANNEL_KINDS } from '../../flowgraph/channels.js';

export const SCENARIO_FORMAT_VERSION = 1;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const refs = () => z.union([z.string(), z.array(z.string())]);
/** Where people read about the format: diagnostics point here, never into source code. */
export const SCENARIO_FORMAT_DOC = 'docs/scenario-format.md';
/** A calendar date as ISO 8601 writes it; load.ts checks that the day exists. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const endpointRefs = () => refs().meta({ description: 'zones, segments, nodes, address objects, addresses or prefixes; `class:MN` is every zone of a class' });
const serviceRefs = () => refs().meta({ description: 'services: tcp/443, udp/53, icmp/8, a service object of the topology …' });

export const LAYERS = ['packet', 'information-flow', 'both'] as const;
export type LayerChoice = (typeof LAYERS)[number];

/** The old header constraint of `isolated` and `only-via`; `service:` on the property replaces it. */
const headers = z
  .strictObject({
    service: serviceRefs().optional(),
    protocol: z.string().optional().meta({ description: 'shorthand with `ports`: tcp, udp, icmp …' }),
    ports: z.union([z.string(), z.number().int()]).optional().meta({ description: 'destination ports with `protocol`: 443 or 1000-2000' }),
  })
  .meta({ description: 'the old spelling of `service:` (warning SCEN010): write `service:` on the property instead', deprecated: true, examples: [{ service: 'tcp/445' }] });

const isolated = z
  .strictObject({
    from: endpointRefs(),
    to: endpointRefs(),
    service: serviceRefs().optional().meta({ description: 'only packets of these services count (packet layer); default: every header' }),
    headers: headers.optional(),
    layer: z.enum(LAYERS).optional().meta({ description: 'which layer to check: packets, information-flow chains through gateways, or both', default: 'both' }),
    allow: z.array(z.enum(CHANNEL_KINDS)).optional().meta({ description: 'channels that may arrive (information-flow layer)', default: ['pixels'] }),
    propagate: z.array(z.enum(CHANNEL_KINDS)).optional().meta({ description: 'channels that let a receiving host act onward; default all raw data and control, and sanitised data unless `allow` lists it' }),
  })
  .meta({ description: 'nothing from `from` arrives at `to`, whatever the attacker behind `from` sends (any source address, any next hop on its segments, an unlisted device on its INET and INTERNET segments)', examples: [{ from: 'class:INTERNET', to: ['class:MN', 'class:MN_GC'] }, { from: 'INET', to: 'lg-file', service: 'SMB', layer: 'packet' }] });

const reachable = z
  .strictObject({ from: endpointRefs(), to: endpointRefs(), service: serviceRefs().meta({ description: 'the services that must get through (required)' }) })
  .meta({ description: 'every member of `from` reaches `to` on each of the services', examples: [{ from: 'inet-terminals', to: 'groupware', service: 'tcp/443' }] });

const onlyVia = z
  .strictObject({
    from: endpointRefs(),
    to: endpointRefs(),
    through: refs().meta({ description: 'nodes every packet and every information-flow chain must pass' }),
    service: serviceRefs().optional().meta({ description: 'only packets of these services count; default: every header' }),
    headers: headers.optional(),
  })
  .meta({ description: 'whatever the attacker behind `from` gets to `to` (as for `isolated`) passes one of the `through` nodes', examples: [{ from: 'INET', to: 'internet', through: ['seccloud-fw'] }] });

export const propertySchema = z
  .strictObject({
    name: z.string().regex(NAME).meta({ description: 'unique among the properties and exceptions; the ID in reports and in `applies-to`' }),
    description: z.string().optional().meta({ description: 'the title in reports (default: the property spelled out)' }),
    isolated: isolated.optional(),
    reachable: reachable.optional(),
    'only-via': onlyVia.optional(),
  })
  .meta({ description: 'a named statement; exactly one of `isolated`, `reachable`, `only-via`' });

export const exceptionSchema = z
  .strictObject({
    name: z.string().regex(NAME).meta({ description: 'unique among the properties and exceptions; reports list exceptions by name' }),
    justification: z.string().meta({ description: 'why it is allowed: who approved it, on which guideline basis (required, not empty)' }),
    expires: z.string().regex(DATE_PATTERN).optional().meta({ description: 'YYYY-MM-DD: the last day the exception applies; from the next day on it is ignored and reported as expired (SCEN009)' }),
    'applies-to': z.array(z.string()).optional().meta({ description: 'property names, invariant or view IDs (R2, F4) or matrix cells (MN>LGWAN) it exempts from (default: all, except that on the information-flow layer of the matrix it counts only in cells whose source class holds one of its senders)' }),
    from: endpointRefs().meta({ description: 'the senders exempted (packets from other nodes forging their addresses are not)' }),
    to: endpointRefs().meta({ description: 'the receivers' }),
    through: refs().optional().meta({ description: 'gateways the exempt flow passes (information-flow layer); their onward flows are exempt only while nothing but the exception\'s senders drives them' }),
    service: serviceRefs().optional().meta({ description: 'only these services are exempt (default: all); a flow that also uses another service is not' }),
    channels: z.array(z.enum(CHANNEL_KINDS)).optional().meta({ description: 'only these information-flow channels are exempt; `packet` covers the packet layer (default: all)' }),
    replies: z.boolean().optional().meta({ description: 'exempt only the answers `from` sends back on sessions `to` opened to it (information-flow reply edges; `service` is the sessions\' service); no packet `from` sends on a session of its own', default: false }),
  })
  .meta({ description: 'a named, justified flow the checks in `applies-to` do not count as a violation' });

export const scenarioFileSchema = z
  .strictObject({
    scenario: z.literal(SCENARIO_FORMAT_VERSION).meta({ description: 'scenario format version' }),
    topology: z.string().meta({ description: 'the topology file, relative to this file' }),
    description: z.string().optional().meta({ description: 'free text' }),
    properties: z.array(propertySchema).optional(),
    exceptions: z.array(exceptionSchema).optional(),
  })
  .meta({ title: 'segproof scenario', description: 'Properties a topology must keep, and the justified exceptions to them.' });

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-2020-12' });
}

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type RawProperty = z.infer<typeof propertySchema>;
export type RawException = z.infer<typeof exceptionSchema>;
export type RawHeaders = z.infer<typeof headers>;
