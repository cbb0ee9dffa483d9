/**
 * Writing big outputs to stdout: text made in pieces is encoded straight into a buffer of about 1 MB (a write per
 * plan line would be slow, one write of everything too big), waiting whenever stdout's buffer is full, so a
 * register's report never sits in memory twice.
 *
 * Each piece is encoded as it comes (Buffer#write into the batch) rather than gathered into one string and encoded at
 * the flush: a 1 MB string built by `+=` is a rope of thousands of pieces that V8 must first copy flat, and that took
 * 2.5 s of a 100,000-plan run's 17 (measured; encoding piece by piece: 0.2 s for the same 150 MB).
 */
const BATCH_BYTES = 1 << 20;

export class StdoutBatches {
  #buffer = Buffer.allocUnsafe(BATCH_BYTES);
  #used = 0;

  async write(chunk: string): Promise<void> {
    // At most 3 bytes per UTF-16 unit: a piece that might not fit goes after a flush; a huge one is written alone.
    if (this.#used + chunk.length * 3 > this.#buffer.length) {
      await this.flush();
      if (chunk.length * 3 > this.#buffer.length) {
        await this.#send(Buffer.from(chunk, 'utf8'));
        return;
      }
    }
    this.#used += this.#buffer.write(chunk, this.#used, 'utf8');
  }

  /** Bytes already encoded (a worker thread's judged plans): written after what is batched, in order. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.#used + bytes.length <= this.#buffer.length) {
      this.#buffer.set(bytes, this.#used);
      this.#used += bytes.length;
      return;
    }
    await this.flush();
    await this.#send(bytes);
  }

  async flush(): Promise<void> {
    if (this.#used === 0) return;
    const full = this.#buffer.subarray(0, this.#used);
    // The written buffer belongs to the stream until it is flushed out: the next batch gets a new one.
    this.#buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.#used = 0;
    await this.#send(full);
  }

  async #send(bytes: Uint8Array): Promise<void> {
    if (!process.stdout.write(bytes)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

export async function writeChunksToStdout(chunks: Iterable<string>): Promise<void> {
  const out = new StdoutBatches();
  for (const chunk of chunks) await out.write(chunk);
  await out.flush();
}
