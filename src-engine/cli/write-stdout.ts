/** Writes text made in pieces to stdout, waiting whenever its buffer is full, so a big report never sits in memory twice. */
export async function writeChunksToStdout(chunks: Iterable<string>): Promise<void> {
  // Batches of about 1 MB: a write per plan line would be slow, one write of everything too big.
  let batch = '';
  const flush = async (): Promise<void> => {
    if (!process.stdout.write(batch)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    batch = '';
  };
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= 1 << 20) await flush();
  }
  if (batch.length > 0) await flush();
}
