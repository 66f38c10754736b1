/**
 * The program run inside a namespace (`ip netns exec <ns> node -e AGENT_SOURCE <mode>`). It is plain
 * JavaScript in a constant so it runs the same from `tsx` and from `dist/`; its input arrives as JSON on stdin,
 * never on a command line.
 *
 *   listen: [{protocol, port}]  → TCP listeners that accept and reset, UDP sockets that echo; prints "ready".
 *   probe:  {timeoutMs, probes: [{id, src, dst, protocol, srcPort, dstPort, echoId}]}
 *           → sends every probe (TCP connect, UDP datagram, ICMP echo via ping) and prints one JSON array of
 *             {id, outcome} with outcome connected | refused | timeout | reply | no-reply | error:<code>, or
 *             not-sent:<reason> when no packet left (binding its source address and port failed).
 */
export const AGENT_SOURCE = String.raw`
'use strict';
const net = require('node:net');
const dgram = require('node:dgram');
const { execFile } = require('node:child_process');
const mode = process.argv[1];
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
  if (mode === 'listen' && input.includes('\n')) startListeners(JSON.parse(input));
});
process.stdin.on('end', () => {
  if (mode === 'probe') runProbes(JSON.parse(input)).then((results) => process.stdout.write(JSON.stringify(results) + '\n', () => process.exit(0)));
  if (mode === 'listen') process.exit(0);
});

function startListeners(list) {
  let pending = list.length;
  const done = () => { if (--pending === 0) process.stdout.write('ready\n'); };
  if (pending === 0) process.stdout.write('ready\n');
  for (const l of list) {
    if (l.protocol === 6) {
      const server = net.createServer((s) => { s.on('error', () => {}); s.end(); });
      server.on('error', (e) => { process.stderr.write('tcp/' + l.port + ': ' + e.code + '\n'); done(); });
      server.listen({ port: l.port, host: '0.0.0.0' }, done);
    } else {
      const sock = dgram.createSocket('udp4');
      sock.on('message', (msg, rinfo) => sock.send(msg, rinfo.port, rinfo.address));
      sock.on('error', (e) => { process.stderr.write('udp/' + l.port + ': ' + e.code + '\n'); done(); });
      sock.bind(l.port, '0.0.0.0', done);
    }
  }
}

function ip(n) { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'); }

function tcpProbe(p, timeoutMs) {
  return new Promise((resolve) => {
    const s = net.connect({ host: ip(p.dst), port: p.dstPort, localAddress: ip(p.src), localPort: p.srcPort });
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.removeAllListeners('error');
      s.on('error', () => {});
      // A connected socket is reset (no TIME_WAIT to block the port for the next round); a pending one just closed.
      if (outcome === 'connected') s.resetAndDestroy(); else s.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    s.on('connect', () => finish('connected'));
    s.on('error', (e) => finish(e.syscall === 'bind' ? 'not-sent:bind ' + ip(p.src) + ':' + p.srcPort + ' failed: ' + e.code : e.code === 'ECONNREFUSED' ? 'refused' : 'error:' + e.code));
  });
}

function udpProbe(p, timeoutMs) {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    let settled = false;
    const finish = (outcome) => { if (settled) return; settled = true; clearTimeout(timer); try { s.close(); } catch {} resolve(outcome); };
    const timer = setTimeout(() => finish('no-reply'), timeoutMs);
    s.on('error', (e) => finish(e.syscall === 'bind' ? 'not-sent:bind ' + ip(p.src) + ':' + p.srcPort + ' failed: ' + e.code : 'error:' + e.code));
    s.on('message', () => finish('reply'));
    s.bind(p.srcPort, ip(p.src), () => s.send('segproof probe ' + p.id, p.dstPort, ip(p.dst), (e) => { if (e) finish('error:' + e.code); }));
  });
}

function icmpProbe(p, timeoutMs) {
  return new Promise((resolve) => {
    const seconds = (Math.max(100, timeoutMs) / 1000).toFixed(3);
    execFile('ping', ['-n', '-q', '-c', '1', '-W', seconds, '-e', String(p.echoId), '-I', ip(p.src), ip(p.dst)], (error, stdout, stderr) => {
      const bind = /bind[^\n]*/.exec(String(stderr));
      resolve(error ? (error.code === 1 ? 'no-reply' : bind ? 'not-sent:ping ' + bind[0].trim() : 'error:ping ' + error.code) : 'reply');
    });
  });
}

async function runProbes(job) {
  const results = [];
  const queue = job.probes.slice();
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const f = p.protocol === 6 ? tcpProbe : p.protocol === 17 ? udpProbe : icmpProbe;
      results.push({ id: p.id, outcome: await f(p, job.timeoutMs) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency || 64, queue.length) }, worker));
  return results;
}
`;
