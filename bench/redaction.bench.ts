import { compilePatterns, redact, type Attributes } from '../src/modules/project/attribute-redaction';

const ATTRIBUTES = 200;
const RULES = 50;
const TARGET_SPANS_PER_SECOND = 50_000;

/**
 * In-process redaction of a 200-attribute span against 50 rules, as the tracing service would call it
 * per span: half the attributes nested under `llm.*` objects, half flat dotted keys, rules mixing
 * exact keys, `*` and `**`. Spans differ in values, not in keys, like spans of one service, and arrive
 * parsed from JSON as the API receives them.
 */
function span(seed: number): Attributes {
  const attributes: Attributes = {};
  const nested: Record<string, Record<string, unknown>> = {};
  for (let index = 0; index < ATTRIBUTES / 2; index++) {
    const group = `g${index % 10}`;
    (nested[group] ??= {})[`k${index}`] = `value ${seed} ${index}`;
    attributes[`svc.part${index % 7}.attr${index}`] = seed + index;
  }
  attributes.llm = nested;
  // As the API receives it: parsed from JSON.
  return JSON.parse(JSON.stringify(attributes)) as Attributes;
}

function rules(): string[] {
  const patterns: string[] = [];
  for (let index = 0; index < RULES; index++) {
    if (index % 3 === 0) patterns.push(`llm.g${index % 10}.k${index}`);
    else if (index % 3 === 1) patterns.push(`svc.part${index % 7}.attr${index}*`);
    else patterns.push(`other${index}.**`);
  }
  patterns.push('llm.g9.**');
  return patterns.slice(0, RULES);
}

export async function run(): Promise<void> {
  const spans = Array.from({ length: 1000 }, (_, seed) => span(seed));
  const patterns = rules();
  let removed = 0;
  const pass = (count: number) => {
    for (let index = 0; index < count; index++) removed += redact(spans[index % spans.length], compilePatterns(patterns)).removed.length;
  };
  pass(20_000);
  // Wall-clock time, and CPU time of this process: on a shared machine the second is what redaction costs.
  let bestWall = 0;
  let bestCpu = 0;
  for (let round = 0; round < 5; round++) {
    const count = 100_000;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    pass(count);
    const used = process.cpuUsage(cpu);
    bestWall = Math.max(bestWall, count / (Number(process.hrtime.bigint() - started) / 1e9));
    bestCpu = Math.max(bestCpu, count / ((used.user + used.system) / 1e6));
  }
  if (removed === 0) throw new Error('the rules removed nothing: the benchmark measures no redaction');
  const rate = (value: number) => Math.round(value).toLocaleString('en-US');
  process.stdout.write(
    `redaction, ${ATTRIBUTES} attributes x ${RULES} rules: ${rate(bestWall)} spans/s wall clock, ${rate(bestCpu)} spans per CPU-second (target ${rate(TARGET_SPANS_PER_SECOND)})\n`,
  );
}
