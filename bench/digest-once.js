// For bench:scale: one doctor (compiled JavaScript, as the bot runs it) diagnoses every configured
// mirror ROUNDS times, 4 at a time like a digest (src/schedule/digest-job.ts), and prints each
// round's duration and verdicts as JSON. Round 1 connects; later rounds reuse the connections.
import { loadConfig } from '../dist/src/config/load.js';
import { createDoctor } from '../dist/src/doctor/create-doctor.js';
import { mapLimit } from '../dist/src/util/map-limit.js';

const [file, rounds = '2'] = process.argv.slice(2);
const loaded = loadConfig(file);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const doctor = createDoctor(loaded.config);
const out = [];
for (let r = 0; r < Number(rounds); r++) {
  const t = performance.now();
  const ds = await mapLimit(doctor.mirrors(), 4, (m) => doctor.diagnose(m));
  out.push({ ms: performance.now() - t, verdicts: ds.map((d) => d.report.verdict) });
}
await doctor.close();
console.log(JSON.stringify(out));
