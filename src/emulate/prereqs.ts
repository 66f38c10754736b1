/** What an emulation needs from the machine, checked before anything is created. */
import { hasProgram } from './exec.js';

export const INSTALL_COMMAND = 'apt-get update && apt-get install -y nftables iproute2 iputils-ping procps util-linux';

export interface Prerequisites {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

export function checkPrerequisites(): Prerequisites {
  const problems: string[] = [];
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) problems.push('emulation needs root (network namespaces and nftables); run it as root, e.g. with sudo');
  for (const program of ['ip', 'nft', 'ping', 'sysctl', 'nsenter']) {
    if (!hasProgram(program)) problems.push(`"${program}" is not installed; install it with: ${INSTALL_COMMAND}`);
  }
  return { ok: problems.length === 0, problems };
}
