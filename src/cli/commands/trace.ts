/**
 * `segproof trace`: one concrete flow through the topology, hop by hop, with every route, NAT and
 * ACL decision. Exit 0 when the trace was produced (its disposition is in the output), 2 on bad input.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { buildForwarding } from '../../engine/routing.js';
import { flowsFor, type FlowRequest } from '../../engine/flow.js';
import { renderTraces, tracesToJson } from '../../engine/render.js';
import { localiseTraceText } from '../../i18n/trace-ja.js';
import { traceFlow } from '../../engine/simulate.js';
import { protocolNumber } from '../../net/ports.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

interface TraceOptions {
  includeRoot?: string[];
  from: string;
  to: string;
  proto: string;
  sport?: string;
  dport?: string;
  icmpType?: string;
  icmpCode?: string;
  userRole?: string;
  devicePosture?: string;
  dataClass?: string;
  bidirectional?: boolean;
  via?: string;
  json?: boolean;
  lang?: string;
}

function cliError(message: string, hint?: string): Diagnostic {
  return { code: 'CLI001', severity: 'error', message, location: undefined, hint };
}

function integer(text: string | undefined, option: string, max: number, problems: Diagnostic[]): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    problems.push(cliError(`${option} "${text}" is not a number from 0 to ${max}`));
    return undefined;
  }
  return Number(text);
}

/** Turns command-line options into a flow request, or the problems with them. */
export function traceRequest(o: TraceOptions): { ok: true; request: FlowRequest } | { ok: false; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const protocol = protocolNumber(o.proto);
  if (protocol === undefined) problems.push(cliError(`--proto "${o.proto}" is not a protocol`, 'use tcp, udp, icmp or a protocol number 0-255'));
  const request: FlowRequest = {
    from: o.from,
    to: o.to,
    protocol: protocol ?? 0,
    via: o.via,
    srcPort: integer(o.sport, '--sport', 65535, problems),
    dstPort: integer(o.dport, '--dport', 65535, problems),
    icmpType: integer(o.icmpType, '--icmp-type', 255, problems),
    icmpCode: integer(o.icmpCode, '--icmp-code', 255, problems),
    identity:
      o.userRole !== undefined || o.devicePosture !== undefined || o.dataClass !== undefined
        ? { userRole: o.userRole, devicePosture: o.devicePosture, dataClass: o.dataClass }
        : undefined,
  };
  if ((protocol === 6 || protocol === 17) && o.dport === undefined) problems.push(cliError(`--dport is required for ${o.proto}`));
  return problems.length ? { ok: false, problems } : { ok: true, request };
}

export const registerTraceCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('trace')
    .description('trace one flow hop by hop: routes, NAT, every ACL consulted, and its disposition; exit 0 traced, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .requiredOption('--from <location>', 'start: node, node.interface, segment or zone:NAME, optionally @source-address')
    .requiredOption('--to <destination>', 'destination address, node or node.interface')
    .option('--proto <protocol>', 'tcp, udp, icmp or a protocol number', 'tcp')
    .option('--sport <port>', 'source port (default 49152)')
    .option('--dport <port>', 'destination port (required for tcp and udp)')
    .option('--icmp-type <type>', 'ICMP type (default 8, echo request)')
    .option('--icmp-code <code>', 'ICMP code (default 0)')
    .option('--user-role <role>', 'zero-trust user role (default: the source host\'s)')
    .option('--device-posture <posture>', 'zero-trust device posture (default: the source host\'s)')
    .option('--data-class <class>', 'data class requested, where a zt-pep has no label for the resource')
    .option('--bidirectional', 'also trace the reply with the state the forward flow created')
    .option('--via <node>', 'hand the packet to this router, firewall, dedicated line or external network on the sender\'s segment, whatever its routes say (what an attacker on the segment can do)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (file: string, options: TraceOptions) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const parsed = traceRequest(options);
      if (!parsed.ok) {
        reportDiagnostics(parsed.problems, io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(file, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const forwarding = buildForwarding(topology);
      const flows = flowsFor(topology, parsed.request, forwarding);
      if (!flows.ok) {
        reportDiagnostics([flows.diagnostic], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const results = flows.value.map((flow) => traceFlow(topology, flow, { forwarding, bidirectional: options.bidirectional ?? false }));
      if (json) io.stdout(JSON.stringify({ topology: topology.name, flows: results.map(tracesToJson) }, null, 2));
      else io.stdout(results.map((r) => localiseTraceText(renderTraces(r), lang)).join('\n\n'));
      setExitCode(EXIT.ok);
    });
};
