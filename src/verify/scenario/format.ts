/**
 * The scenario file format: properties a topology must satisfy and the named, justified exceptions
 * that exempt a precise part of them. Structure only; references are checked against the topology
 * by resolve.ts.
 */
import { z } from 'zod';
import { CHANNEL_KINDS } from '../../flowgraph/channels.js';

export const SCENARIO_FORMAT_VERSION = 1;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const refs = () => z.union([z.string(), z.array(z.string())]);

export const LAYERS = ['packet', 'information-flow', 'both'] as const;
export type LayerChoice = (typeof LAYERS)[number];

const headers = z.strictObject({
  service: refs().optional().meta({ description: 'services: tcp/443, udp/53, a service object …' }),
  protocol: z.string().optional().meta({ description: 'shorthand with `ports`: tcp, udp, icmp …' }),
  ports: z.union([z.string(), z.number().int()]).optional().meta({ description: 'destination ports with `protocol`: 443 or 1000-2000' }),
});

const isolated = z.strictObject({
  from: refs(),
  to: refs(),
  headers: headers.optional(),
  layer: z.enum(LAYERS).optional().meta({ description: 'default both' }),
  allow: z.array(z.enum(CHANNEL_KINDS)).optional().meta({ description: 'channels that may arrive (information-flow layer); default [pixels]' }),
  propagate: z.array(z.enum(CHANNEL_KINDS)).optional().meta({ description: 'channels that let a receiving host act onward; default all raw data and control' }),
});

const reachable = z.strictObject({ from: refs(), to: refs(), service: refs() });
const onlyVia = z.strictObject({ from: refs(), to: refs(), through: refs(), headers: headers.optional() });

export const propertySchema = z.strictObject({
  name: z.string().regex(NAME),
  description: z.string().optional(),
  isolated: isolated.optional(),
  reachable: reachable.optional(),
  'only-via': onlyVia.optional(),
});

export const exceptionSchema = z.strictObject({
  name: z.string().regex(NAME),
  justification: z.string().meta({ description: 'why it is allowed (approval, guideline basis)' }),
  'applies-to': z.array(z.string()).optional().meta({ description: 'property names or invariant IDs (default: all)' }),
  from: refs(),
  to: refs(),
  through: refs().optional().meta({ description: 'gateways the exempt flow passes (information-flow layer)' }),
  service: refs().optional(),
  channels: z.array(z.enum(CHANNEL_KINDS)).optional(),
});

export const scenarioFileSchema = z.strictObject({
  scenario: z.literal(SCENARIO_FORMAT_VERSION).meta({ description: 'scenario format version' }),
  topology: z.string().meta({ description: 'the topology file, relative to this file' }),
  description: z.string().optional(),
  properties: z.array(propertySchema).optional(),
  exceptions: z.array(exceptionSchema).optional(),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type RawProperty = z.infer<typeof propertySchema>;
export type RawException = z.infer<typeof exceptionSchema>;
export type RawHeaders = z.infer<typeof headers>;
