#!/usr/bin/env node
// The ajv peer of Portico's validation benchmark.
//
//   node bench/validation/gen-data.mjs /tmp/vb
//   node bench/validation/ajv-bench.mjs /tmp/vb
//
// Loads ajv 8 (Ajv2020) and ajv-formats from tools/npm/node_modules, which
// tools/setup.sh installs. It compiles trade.schema.json and
// batch.schema.json once with allErrors: true and every format asserted.
// Then, for each workload, it runs warm-up passes and then as many timed
// passes as fit in about BENCH_SECONDS (default 2) seconds. A pass decodes
// each document's raw UTF-8 bytes, runs JSON.parse, and validates the
// result.
//
// Output is one machine-parsable line per workload on stdout:
//
//   ajv <workload> docs_per_s=<n> mb_per_s=<n> invalid=<count>
//
// The batch workload also prints trades_per_s=<n>, placed before invalid=.
// A "doc" is one NDJSON line, or the whole batch document. MB means 10^6
// bytes of document text, newlines excluded. `invalid` counts the documents
// that failed validation in one pass. If manifest.json is present and a
// count disagrees with it, the script exits 1. Informational lines go to
// stderr, prefixed with '#'.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tools/npm/node_modules/', import.meta.url));
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;
const ajvVersion = require('ajv/package.json').version;

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node ajv-bench.mjs DATA_DIR   (create it with gen-data.mjs)');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS || 2);
const WARMUP_SECONDS = Math.min(0.5, SECONDS / 4);

const readJson = (f) => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(readJson('trade.schema.json'));
const schemas = {
  'trade.schema.json': ajv.compile({ $ref: readJson('trade.schema.json').$id }),
  'batch.schema.json': ajv.compile(readJson('batch.schema.json')),
};

const manifestPath = path.join(dataDir, 'manifest.json');
const manifest = fs.existsSync(manifestPath) ? readJson('manifest.json') : null;

// Split an NDJSON file into one Buffer view per non-empty line (no copies).
function splitLines(buf) {
  const docs = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      let end = i;
      if (end > start && buf[end - 1] === 0x0d) end--;
      if (end > start) docs.push(buf.subarray(start, end));
      start = i + 1;
    }
  }
  return docs;
}

const workloads = [
  { name: 'small-valid', file: 'small-valid.ndjson', schema: 'trade.schema.json', ndjson: true },
  { name: 'small-mixed', file: 'small-mixed.ndjson', schema: 'trade.schema.json', ndjson: true },
  { name: 'batch-10000', file: 'batch-10000.json', schema: 'batch.schema.json', ndjson: false },
];

// One pass over all documents; returns the number that failed validation.
function pass(docs, validate) {
  let invalid = 0;
  for (let i = 0; i < docs.length; i++) {
    if (!validate(JSON.parse(docs[i].toString('utf8')))) invalid++;
  }
  return invalid;
}

const fmt = (x, digits) => (digits ? x.toFixed(digits) : String(Math.round(x)));
console.error(`# ajv ${ajvVersion} (Ajv2020, allErrors, ajv-formats), node ${process.version}, ~${SECONDS}s per workload`);

let mismatch = false;
for (const w of workloads) {
  const raw = fs.readFileSync(path.join(dataDir, w.file));
  let docs = w.ndjson ? splitLines(raw) : [raw];
  if (!w.ndjson) {
    // Drop a trailing newline so the byte count is the document alone.
    let end = raw.length;
    while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
    docs = [raw.subarray(0, end)];
  }
  const bytesPerPass = docs.reduce((n, d) => n + d.length, 0);
  const tradesPerPass = w.ndjson ? docs.length : JSON.parse(docs[0].toString('utf8')).trades.length;
  const validate = schemas[w.schema];

  // Warm-up: at least 3 passes and about WARMUP_SECONDS, so V8 has optimised the hot paths.
  const invalid = pass(docs, validate);
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(WARMUP_SECONDS * 1e9));
  for (let i = 0; i < 2 || process.hrtime.bigint() < warmEnd; i++) pass(docs, validate);

  let passes = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(Math.round(SECONDS * 1e9));
  let now;
  do {
    pass(docs, validate);
    passes++;
    now = process.hrtime.bigint();
  } while (now < deadline);
  const secs = Number(now - t0) / 1e9;

  const docsPerS = (passes * docs.length) / secs;
  const mbPerS = (passes * bytesPerPass) / 1e6 / secs;
  const extra = w.ndjson ? '' : ` trades_per_s=${fmt((passes * tradesPerPass) / secs)}`;
  console.log(`ajv ${w.name} docs_per_s=${fmt(docsPerS)} mb_per_s=${fmt(mbPerS, 2)}${extra} invalid=${invalid}`);

  const expected = manifest?.workloads?.[w.name];
  if (expected && (expected.invalid !== invalid || expected.docs !== docs.length)) {
    console.error(`# MISMATCH ${w.name}: manifest says docs=${expected.docs} invalid=${expected.invalid}, ` +
      `ajv saw docs=${docs.length} invalid=${invalid}`);
    mismatch = true;
  }
}
process.exit(mismatch ? 1 : 0);
