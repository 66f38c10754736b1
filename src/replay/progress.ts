/** A one-line progress bar on stderr, redrawn at most every 100 ms; only on an interactive terminal. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

const SILENT: Progress = { update: () => {}, finish: () => {} };

export function progressBar(total: number, enabled: boolean, write: (text: string) => void = (t) => process.stderr.write(t)): Progress {
  if (!enabled || total === 0) return SILENT;
  let lastDrawMs = 0;
  const startedMs = Date.now();
  const draw = (done: number): void => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const seconds = (Date.now() - startedMs) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} flows  ${rate} flows/s`);
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - lastDrawMs < 100 && done < total) return;
      lastDrawMs = now;
      draw(done);
    },
    finish() {
      write('\r\u001b[K');
    },
  };
}
