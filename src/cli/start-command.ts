import { ingestDigestFile, listDigestFiles } from '../ingest/index.ts';
import type { Command } from './command.ts';
import { formatIngestLine } from './ingest-command.ts';
import { withStore } from './open-command-store.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'Run Paperboy: ingest DIGESTS_DIR and print a summary',
  usage: 'paperboy start',
  async run(ctx) {
    const config = ctx.config();
    const { files } = await listDigestFiles([config.DIGESTS_DIR]);
    return withStore(ctx, async (store) => {
      for (const file of files)
        ctx.stdout.write(`${formatIngestLine(await ingestDigestFile(store, file, ctx.now()))}\n`);
      ctx.stdout.write(`${await store.papers.countPapers()} papers stored in ${config.DATABASE_URL}\n`);
      return 0;
    });
  },
};
