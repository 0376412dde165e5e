/**
 * Child process for the killed-push test: pushes a desk's evidence to the clinic one audit row per
 * batch, printing each acknowledged seq the moment the answer arrives, before the desk keeps it.
 * The parent SIGKILLs it at a random point of that loop (between the clinic's commit and the
 * desk's, or in the middle of either). Usage: node evidence-push-child.ts DIR DESK_NAME DESK_URL
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.ts';
import { connectClinic } from '../../src/core/clinic/connect.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../src/core/clinic-sync/clinic-ack.ts';
import { EvidencePusher } from '../../src/core/clinic-sync/evidence-push.ts';
import { openTestStore } from './store.ts';

const [dir, deskName, url] = process.argv.slice(2) as [string, string, string];
const t = openTestStore(dir);
const ackFile = new ClinicAckFile({
  path: join(dir, CLINIC_ACK_FILE_NAME),
  key: t.keys['clinic-ack'],
  deskId: deskName,
});
const pusher = new EvidencePusher({ store: t.store, ackFile, clock: systemClock, batchSize: 1 });
const api = new ClinicDeskApi(await connectClinic(url));
await pusher.push({
  pushAudit: async (batch) => {
    const answer = await api.pushAudit(batch);
    writeSync(1, `${answer?.seq ?? 0}\n`);
    return answer;
  },
});
writeSync(1, 'done\n');
process.exit(0);
