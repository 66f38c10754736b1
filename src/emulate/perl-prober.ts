/**
 * The prober run in each sender's namespace (`perl -e PERL_PROBER_SOURCE`), a twin of agent.ts's `probe`
 * mode with the same outcomes. Why a second language: a round starts one prober per sender namespace, and
 * Node's start-up costs ~100 ms of CPU against perl's ~20 ms — on a reference network with a hundred senders
 * that is most of a round. It uses only modules of Debian's essential perl-base (no JSON: the job is lines).
 *
 *   stdin:  "<timeoutMs> <concurrency>", then per probe "<id> <src> <dst> <protocol> <srcPort> <dstPort> <echoId>"
 *   stdout: per probe "<id> <outcome>", outcome as agent.ts: connected | refused | timeout | reply | no-reply |
 *           error:<code> | not-sent:<reason>
 *
 * Sockets as Node's: TCP binds with SO_REUSEADDR (libuv does) and a connected socket is reset, not closed
 * (no TIME_WAIT to block the port for the next round); UDP is unconnected (ICMP errors are not reported);
 * ICMP echo goes through `ping` with the same arguments and exit-code reading.
 */
export const PERL_PROBER_SOURCE = String.raw`
use strict;
use warnings;
use Socket qw(PF_INET SOCK_STREAM SOCK_DGRAM SOL_SOCKET SO_ERROR SO_LINGER SO_REUSEADDR inet_aton pack_sockaddr_in);
use IO::Select;
use POSIX qw(EINPROGRESS ECONNREFUSED WNOHANG);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use Errno ();
my $hires = eval { require Time::HiRes; 1 };
my $now = $hires ? \&Time::HiRes::time : sub { time };
$SIG{PIPE} = 'IGNORE';

my ($head, @lines) = <STDIN>;
my ($timeout_ms, $concurrency) = split ' ', $head;
$concurrency = 64 if !$concurrency;
my $timeout = $timeout_ms / 1000;
# Without a sub-second clock a deadline rounds up, never down: a probe may wait longer, never shorter.
$timeout = int($timeout) + 2 if !$hires;
my @queue = map { my @f = split ' '; { id => $f[0], src => $f[1], dst => $f[2], proto => $f[3], sport => $f[4], dport => $f[5], echo => $f[6] } } grep { /\S/ } @lines;

# The errno's name as Node prints it; of aliases (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP) the first by name.
sub errname { my $e = 0 + $!; for my $k (sort keys %!) { return $k if $!{$k} } return "E$e" }
sub nonblocking { my ($s) = @_; my $f = fcntl($s, F_GETFL, 0); fcntl($s, F_SETFL, $f | O_NONBLOCK) }

my %flight;   # fileno -> { probe, sock, kind, deadline, ... }
my $readers = IO::Select->new;
my $writers = IO::Select->new;
my @done;

sub finish {
  my ($p, $outcome) = @_;
  push @done, "$p->{id} $outcome";
}

sub settle {
  my ($f, $outcome) = @_;
  my $fd = fileno($f->{sock});
  delete $flight{$fd};
  $readers->remove($f->{sock});
  $writers->remove($f->{sock});
  if ($f->{kind} eq 'tcp' && $outcome eq 'connected') { setsockopt($f->{sock}, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0)) }
  close($f->{sock});
  if ($f->{kind} eq 'icmp') {
    waitpid($f->{pid}, 0);
    my $status = $?;
    my $code = $status & 127 ? 'null' : $status >> 8;
    my ($bind) = $f->{err} =~ /(bind[^\n]*)/;
    $outcome = $code eq '0' ? 'reply' : $code eq '1' ? 'no-reply' : defined $bind ? 'not-sent:ping ' . ($bind =~ s/^\s+|\s+$//gr) : "error:ping $code";
  }
  finish($f->{probe}, $outcome);
}

sub start_tcp {
  my ($p) = @_;
  my $s;
  socket($s, PF_INET, SOCK_STREAM, 0) or return finish($p, 'error:' . errname());
  setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
  nonblocking($s);
  bind($s, pack_sockaddr_in($p->{sport}, inet_aton($p->{src}))) or do { my $e = errname(); close $s; return finish($p, "not-sent:bind $p->{src}:$p->{sport} failed: $e") };
  my $f = { probe => $p, sock => $s, kind => 'tcp', deadline => $now->() + $timeout };
  if (connect($s, pack_sockaddr_in($p->{dport}, inet_aton($p->{dst})))) { $flight{fileno $s} = $f; return settle($f, 'connected') }
  if ($! == EINPROGRESS) { $flight{fileno $s} = $f; $writers->add($s); return }
  my $outcome = $! == ECONNREFUSED ? 'refused' : 'error:' . errname();
  close $s;
  finish($p, $outcome);
}

sub start_udp {
  my ($p) = @_;
  my $s;
  socket($s, PF_INET, SOCK_DGRAM, 0) or return finish($p, 'error:' . errname());
  nonblocking($s);
  bind($s, pack_sockaddr_in($p->{sport}, inet_aton($p->{src}))) or do { my $e = errname(); close $s; return finish($p, "not-sent:bind $p->{src}:$p->{sport} failed: $e") };
  defined send($s, "segproof probe $p->{id}", 0, pack_sockaddr_in($p->{dport}, inet_aton($p->{dst}))) or do { my $e = errname(); close $s; return finish($p, "error:$e") };
  my $f = { probe => $p, sock => $s, kind => 'udp', deadline => $now->() + $timeout };
  $flight{fileno $s} = $f;
  $readers->add($s);
}

sub start_icmp {
  my ($p) = @_;
  my $seconds = sprintf('%.3f', ($timeout_ms < 100 ? 100 : $timeout_ms) / 1000);
  pipe(my $r, my $w) or return finish($p, 'error:ping pipe');
  my $pid = fork();
  return finish($p, 'error:ping fork') if !defined $pid;
  if ($pid == 0) {
    close $r;
    open(STDOUT, '>', '/dev/null');
    open(STDERR, '>&', $w);
    exec('ping', '-n', '-q', '-c', '1', '-W', $seconds, '-e', $p->{echo}, '-I', $p->{src}, $p->{dst}) or POSIX::_exit(127);
  }
  close $w;
  # ping keeps its own deadline (-W); ours only guards against a ping that never ends.
  my $f = { probe => $p, sock => $r, kind => 'icmp', pid => $pid, err => '', deadline => $now->() + $timeout + 30 };
  $flight{fileno $r} = $f;
  $readers->add($r);
}

while (@queue || %flight) {
  while (@queue && keys(%flight) < $concurrency) {
    my $p = shift @queue;
    $p->{proto} == 6 ? start_tcp($p) : $p->{proto} == 17 ? start_udp($p) : start_icmp($p);
  }
  next if !%flight;
  my $first;
  for my $f (values %flight) { $first = $f->{deadline} if !defined $first || $f->{deadline} < $first }
  my $wait = $first - $now->();
  $wait = 0 if $wait < 0;
  my ($readable, $writable) = IO::Select->select($readers, $writers, undef, $wait);
  for my $s (@{ $writable || [] }) {
    my $f = $flight{fileno $s} or next;
    my $err = unpack('i', getsockopt($s, SOL_SOCKET, SO_ERROR));
    $! = $err;
    settle($f, $err == 0 ? 'connected' : $err == ECONNREFUSED ? 'refused' : 'error:' . errname());
  }
  for my $s (@{ $readable || [] }) {
    my $f = $flight{fileno $s} or next;
    if ($f->{kind} eq 'udp') {
      my $from = recv($s, my $buffer, 65536, 0);
      settle($f, 'reply') if defined $from;
    } else {
      my $n = sysread($s, my $chunk, 4096);
      if ($n) { $f->{err} .= $chunk } else { settle($f, '') }
    }
  }
  my $t = $now->();
  for my $f (values %flight) {
    next if $t < $f->{deadline};
    if ($f->{kind} eq 'icmp') { kill 'KILL', $f->{pid}; settle($f, '') }
    else { settle($f, $f->{kind} eq 'tcp' ? 'timeout' : 'no-reply') }
  }
}
print "$_\n" for @done;
`;

export interface ProbeJob {
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly probes: readonly { id: number; src: number; dst: number; protocol: number; srcPort: number; dstPort: number; echoId: number }[];
}

function dotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The job as the perl prober reads it. */
export function perlProberInput(job: ProbeJob): string {
  const lines = job.probes.map((p) => `${p.id} ${dotted(p.src)} ${dotted(p.dst)} ${p.protocol} ${p.srcPort} ${p.dstPort} ${p.echoId}`);
  return `${job.timeoutMs} ${job.concurrency}\n${lines.join('\n')}\n`;
}

/** The perl prober's answer; throws on a line it could not have printed. */
export function parsePerlProberOutput(out: string): { id: number; outcome: string }[] {
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const m = /^(\d+) (.+)$/.exec(line);
      if (!m) throw new Error(`unexpected prober line: ${line.slice(0, 200)}`);
      return { id: Number(m[1]), outcome: m[2] as string };
    });
}
