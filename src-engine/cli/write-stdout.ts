/**
 * Writing big outputs to stdout: text made in pieces is gathered into batches of about 1 MB (a write per plan line
 * would be slow, one write of everything too big), waiting whenever stdout's buffer is full, so a register's report
 * never sits in memory twice.
 */
export class StdoutBatches {
  #batch = '';

  async write(chunk: string): Promise<void> {
    this.#batch += chunk;
    if (this.#batch.length >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const text = this.#batch;
    this.#batch = '';
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

export async function writeChunksToStdout(chunks: Iterable<string>): Promise<void> {
  const out = new StdoutBatches();
  for (const chunk of chunks) await out.write(chunk);
  await out.flush();
}
