/** A small well-formedness checker for the JUnit output: balanced tags, quoted attributes, escaped text. */
export function checkWellFormedXml(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  if (body === xml && !xml.startsWith('<?xml')) problems.push('no XML declaration');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(body)) !== null) {
    const [, close, name, , selfClose, text, stray] = m;
    if (stray) {
      problems.push(`malformed tag at offset ${m.index}`);
      break;
    }
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`unescaped & at offset ${m.index}`);
      if (stack.length === 0 && text.trim()) problems.push('text outside the root element');
      continue;
    }
    if (close) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name ?? ''}>`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    }
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
