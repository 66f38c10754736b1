/**
 * A migration report in Japanese: every state's verification as localiseVerifyReport writes it, the T checks'
 * and the business-flow check's titles, and the sentences the T checks write. State names, node names,
 * prefixes and file:line stay as they are; a sentence no template knows stays English.
 */
import type { MigrationReport } from '../migrate/model.js';
import type { CheckResult } from '../verify/result.js';
import type { Lang } from './lang.js';
import { localiseCheckResult, localiseVerifyReport } from './localise-report.js';
import { MIGRATE_FRAME } from './migrate-frame.js';

const inventoryJa = (text: string) => text.replace(/ not declared/g, ' が未申告').replace(/ \(required: ([^)]*)\)/g, '（必要：$1）');

const T_SENTENCES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\S+) becomes INET at (\S+) \((.*)\) but its inventory there has (.*)\.$/s, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）になる（${m[3]}）が、そこでの資産情報は ${inventoryJa(m[4] as string)}。`],
  [/^(\S+) becomes INET at (\S+), but in (\S+) its inventory has (.*)\.$/s, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）になるが、${m[3]} での資産情報は ${inventoryJa(m[4] as string)}。`],
  [/^(\S+) is INET in (\S+) and its inventory says holdsResidentData: true\.$/, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）だが、資産情報に holdsResidentData: true（住民情報を保存）とある。`],
  [/^In (.+?), segment (\S+) \((.*?)\) overlaps segment (\S+) \((.*?)\)\.$/s, (m) => `${m[1]} で、セグメント ${m[2]}（${m[3]}）がセグメント ${m[4]}（${m[5]}）と重なる。`],
  [/^In (.+?), segments (\S+) and (\S+) share VLAN (.*)\.$/s, (m) => `${m[1]} で、セグメント ${m[2]} と ${m[3]} が VLAN ${m[4]} を共有する。`],
  [/^In (.+?), host (\S+) carries two zone labels: (.*)\.$/s, (m) => `${m[1]} で、ホスト ${m[2]} が二つのゾーン区分を持つ：${m[3]}。`],
  [/^In (.+?), (\S+) is held by both (.+) and (.+)\.$/s, (m) => `${m[1]} で、${m[2]} を ${m[3]} と ${m[4]} の両方が持つ。`],
  [/^MN configuration changes between (\S+) and (\S+): (.*)\.$/s, (m) => `マイナンバー利用事務系（MN）の構成が ${m[1]} と ${m[2]} の間で変わる：${m[3]}。`],
  [/^In (\S+), (\S+) \((\S+)\) is still an endpoint in decommissioned (.+)\.$/s, (m) => `${m[1]} で、${m[2]}（${m[3]}）が廃止した ${m[4]} にまだ残っている。`],
  [/^In (\S+), (.+) refers to decommissioned (.+)\.$/s, (m) => `${m[1]} で、${m[2]} が廃止した ${m[3]} を参照している。`],
  [
    /^business flow (\S+) \((.*)\) works in (\S+) and fails in (\S+?)(: no node there holds its source address)?\.$/s,
    (m) => `業務の通信 ${m[1]}（${m[2]}）が ${m[3]} では動き、${m[4]} では動かない${m[5] ? '：そこには送信元アドレスを持つノードがない' : ''}。`,
  ],
];

function tSentenceJa(text: string): string {
  for (const [re, to] of T_SENTENCES) {
    const m = re.exec(text);
    if (m) return to(m);
  }
  return text;
}

function migrationCheckJa(r: CheckResult): CheckResult {
  const localised = localiseCheckResult(r, 'ja');
  return {
    ...localised,
    title: r.id === 'flows' ? MIGRATE_FRAME.ja.flowsTitle : localised.title,
    violations: localised.violations.map((v) => ({ ...v, summary: tSentenceJa(v.summary) })),
  };
}

/** The report in `lang` (English reports are returned as they are). */
export function localiseMigrationReport(report: MigrationReport, lang: Lang): MigrationReport {
  if (lang === 'en') return report;
  return {
    ...report,
    states: report.states.map((s) => ({ ...s, verify: localiseVerifyReport(s.verify, lang), temporal: s.temporal.map(migrationCheckJa) })),
    sequence: report.sequence.map(migrationCheckJa),
  };
}
