#!/usr/bin/env node
// Generates the validation benchmark's schemas and data sets.
//
//   node bench/validation/gen-data.mjs OUT_DIR
//
// The output is fully deterministic (fixed-seed PRNG, no dependencies), so
// Portico's validator and the ajv peer (ajv-bench.mjs) always measure the
// same bytes. It writes:
//
//   trade.schema.json    JSON Schema 2020-12 for one trade event, the body a
//                        FastAPI `/trades/batch` endpoint would receive per item
//   batch.schema.json    {trades: [trade, ...]} with at most 20,000 trades;
//                        refers to trade.schema.json by its $id
//   small-valid.ndjson   2,000 single-trade documents, one per line, all valid
//   small-mixed.ndjson   2,000 single-trade documents, about 30% invalid, each
//                        invalid one broken in one of several different ways
//   batch-10000.json     one batch document holding 10,000 valid trades
//   manifest.json        document, trade and invalid counts per workload, so
//                        that every peer can check it agrees with the others

import fs from 'node:fs';
import path from 'node:path';

const SEED = 0x5eed2025;
const SMALL_DOCS = 2000;
const MIXED_INVALID_RATIO = 0.3;
const BATCH_TRADES = 10000;

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node gen-data.mjs OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

// ---------------------------------------------------------------- PRNG
// mulberry32: tiny, fast and good enough for test data.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
};
const pad = (n, w) => String(n).padStart(w, '0');

// ---------------------------------------------------------------- schemas
const TRADE_ID = 'https://portico.dev/bench/validation/trade.schema.json';
const BATCH_ID = 'https://portico.dev/bench/validation/batch.schema.json';

const tradeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: TRADE_ID,
  title: 'Trade',
  description: 'One executed trade, as reported by an order-management system.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'symbol', 'side', 'price', 'quantity', 'timestamp', 'venue'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Unique trade id.' },
    symbol: { type: 'string', pattern: '^[A-Z]{1,6}$', description: 'Ticker symbol.' },
    side: { $ref: '#/$defs/side' },
    price: { type: 'number', exclusiveMinimum: 0, description: 'Execution price per share.' },
    quantity: { type: 'integer', minimum: 1, maximum: 10000000, description: 'Number of shares.' },
    timestamp: { type: 'string', format: 'date-time', description: 'Execution time (RFC 3339).' },
    venue: { type: 'string', minLength: 1, maxLength: 16, description: 'Market identifier code or dark-pool name.' },
    tags: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 24 },
      maxItems: 8,
      uniqueItems: true,
      default: [],
    },
    meta: { $ref: '#/$defs/meta' },
  },
  $defs: {
    side: { type: 'string', enum: ['buy', 'sell'] },
    meta: {
      type: 'object',
      additionalProperties: false,
      required: ['trader_id'],
      properties: {
        trader_id: { type: 'string', pattern: '^T[0-9]{5}$' },
        strategy: { type: 'string', enum: ['manual', 'twap', 'vwap', 'pov', 'iceberg'] },
        client_order_id: { type: 'string', minLength: 1, maxLength: 36 },
        notional: { type: 'number', minimum: 0 },
        desk: { type: ['string', 'null'], maxLength: 32 },
      },
    },
  },
};

const batchSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: BATCH_ID,
  title: 'TradeBatch',
  description: 'Request body of POST /trades/batch.',
  type: 'object',
  additionalProperties: false,
  required: ['trades'],
  properties: {
    trades: { type: 'array', items: { $ref: 'trade.schema.json' }, maxItems: 20000 },
  },
};

// ---------------------------------------------------------------- trades
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'BRK', 'JPM', 'V', 'XOM', 'UNH',
  'JNJ', 'PG', 'MA', 'HD', 'COST', 'ABBV', 'PEP', 'KO', 'AVGO', 'ORCL', 'CSCO', 'INTC', 'AMD', 'NFLX',
  'ADBE', 'CRM', 'QCOM', 'TXN', 'IBM', 'GE', 'F', 'T', 'BA', 'DIS', 'NKE', 'SBUX', 'PYPL', 'SHOP'];
const BASE_PRICE = Object.fromEntries(SYMBOLS.map((s) => [s, 5 + rand() * 900]));
const VENUES = ['XNAS', 'XNYS', 'ARCX', 'BATS', 'EDGX', 'IEXG', 'MEMX', 'SIGMA-X', 'CROSSFINDER', 'DARKPOOL-7'];
const TAGS = ['algo', 'dma', 'block', 'odd-lot', 'iceberg', 'at-close', 'at-open', 'hedge', 'retail',
  'agency', 'principal', 'short-exempt'];
const STRATEGIES = ['manual', 'twap', 'vwap', 'pov', 'iceberg'];
const DESKS = ['equities-ny', 'equities-ldn', 'etf', 'program', null];
const START_MS = Date.UTC(2025, 2, 3, 14, 30, 0); // 2025-03-03T14:30:00Z, US open
let clockMs = START_MS;

function uuid4() {
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
}

function makeTrade() {
  const symbol = pick(SYMBOLS);
  const price = Math.round(BASE_PRICE[symbol] * (0.98 + rand() * 0.04) * 100) / 100;
  const quantity = rand() < 0.8 ? int(1, 10) * 100 : int(1, 99);
  clockMs += int(0, 250);
  const trade = {
    id: uuid4(),
    symbol,
    side: rand() < 0.5 ? 'buy' : 'sell',
    price,
    quantity,
    timestamp: new Date(clockMs).toISOString(),
    venue: pick(VENUES),
  };
  if (rand() < 0.6) {
    const tags = new Set();
    const n = int(1, 4);
    while (tags.size < n) tags.add(pick(TAGS));
    trade.tags = [...tags];
  }
  if (rand() < 0.7) {
    trade.meta = { trader_id: `T${pad(int(0, 99999), 5)}` };
    if (rand() < 0.8) trade.meta.strategy = pick(STRATEGIES);
    if (rand() < 0.5) trade.meta.client_order_id = `co-${hex(12)}`;
    if (rand() < 0.5) trade.meta.notional = Math.round(price * quantity * 100) / 100;
    if (rand() < 0.3) trade.meta.desk = pick(DESKS);
  }
  return trade;
}

// Each mutation breaks a valid trade in one specific way; all are schema
// violations (the documents stay well-formed JSON).
const MUTATIONS = [
  ['missing-required', (t) => { delete t[pick(['id', 'symbol', 'side', 'price', 'quantity', 'timestamp', 'venue'])]; }],
  ['bad-uuid', (t) => { t.id = t.id.slice(0, 30); }],
  ['symbol-lowercase', (t) => { t.symbol = t.symbol.toLowerCase(); }],
  ['symbol-too-long', (t) => { t.symbol = 'ABCDEFG'; }],
  ['side-not-in-enum', (t) => { t.side = pick(['BUY', 'short', 'hold']); }],
  ['price-not-positive', (t) => { t.price = pick([0, -t.price]); }],
  ['price-is-string', (t) => { t.price = String(t.price); }],
  ['quantity-zero', (t) => { t.quantity = 0; }],
  ['quantity-fractional', (t) => { t.quantity += 0.5; }],
  ['timestamp-no-offset', (t) => { t.timestamp = t.timestamp.replace('Z', ''); }],
  ['timestamp-bad-date', (t) => { t.timestamp = '2025-02-30T10:00:00Z'; }],
  ['venue-too-long', (t) => { t.venue = 'CONSOLIDATED-TAPE-B'; }],
  ['tags-duplicate', (t) => { t.tags = ['algo', 'dma', 'algo']; }],
  ['tags-too-many', (t) => { t.tags = TAGS.slice(0, 9); }],
  ['meta-extra-property', (t) => { t.meta = { trader_id: 'T00042', account: 'ACC-1' }; }],
  ['meta-bad-trader-id', (t) => { t.meta = { trader_id: 'trader-42', strategy: 'vwap' }; }],
  ['meta-wrong-type', (t) => { t.meta = ['T00042']; }],
  ['extra-top-level-property', (t) => { t.comment = 'late report'; }],
  ['id-null', (t) => { t.id = null; }],
];

function writeNdjson(file, docs) {
  fs.writeFileSync(path.join(outDir, file), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
}

const validDocs = [];
for (let i = 0; i < SMALL_DOCS; i++) validDocs.push(makeTrade());

const mixedDocs = [];
const mutationCounts = {};
let mixedInvalid = 0;
for (let i = 0; i < SMALL_DOCS; i++) {
  const t = makeTrade();
  if (rand() < MIXED_INVALID_RATIO) {
    const [name, mutate] = pick(MUTATIONS);
    mutate(t);
    mutationCounts[name] = (mutationCounts[name] || 0) + 1;
    mixedInvalid++;
  }
  mixedDocs.push(t);
}

const batch = { trades: [] };
for (let i = 0; i < BATCH_TRADES; i++) batch.trades.push(makeTrade());

fs.writeFileSync(path.join(outDir, 'trade.schema.json'), JSON.stringify(tradeSchema, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, 'batch.schema.json'), JSON.stringify(batchSchema, null, 2) + '\n');
writeNdjson('small-valid.ndjson', validDocs);
writeNdjson('small-mixed.ndjson', mixedDocs);
fs.writeFileSync(path.join(outDir, 'batch-10000.json'), JSON.stringify(batch) + '\n');

const manifest = {
  seed: SEED,
  workloads: {
    'small-valid': { file: 'small-valid.ndjson', schema: 'trade.schema.json', docs: SMALL_DOCS, trades: SMALL_DOCS, invalid: 0 },
    'small-mixed': { file: 'small-mixed.ndjson', schema: 'trade.schema.json', docs: SMALL_DOCS, trades: SMALL_DOCS, invalid: mixedInvalid, mutations: mutationCounts },
    'batch-10000': { file: 'batch-10000.json', schema: 'batch.schema.json', docs: 1, trades: BATCH_TRADES, invalid: 0 },
  },
};
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

for (const [name, w] of Object.entries(manifest.workloads)) {
  const bytes = fs.statSync(path.join(outDir, w.file)).size;
  console.log(`wrote ${w.file}: docs=${w.docs} trades=${w.trades} invalid=${w.invalid} bytes=${bytes}`);
}
