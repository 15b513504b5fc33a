/** One diagnosis in a fresh process, for bench:diagnose: prints duration, verdict and peak RSS as JSON. */
import { loadConfig } from '../src/config/load.ts';
import { createDoctor } from '../src/doctor/create-doctor.ts';

const [file, ref] = process.argv.slice(2);
const loaded = loadConfig(file!);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const doctor = createDoctor(loaded.config);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const t = performance.now();
const d = await doctor.diagnose(doctor.resolve(ref!));
const ms = performance.now() - t;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await doctor.close();
const groups = d.facts.sourceGroups.ok ? d.facts.sourceGroups.value.length : -1;
console.log(JSON.stringify({ ms, rssMb: peak / 1024 / 1024, verdict: d.report.verdict, rootCause: d.report.rootCause?.code ?? null, groups }));
