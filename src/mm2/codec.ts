/**
 * Binary formats of MM2's internal topics (`OffsetSync`, `Checkpoint`, `Heartbeat`; unchanged from
 * 2.4.0 to 3.9). They use Kafka's protocol struct encoding: fields in declaration order, big-endian,
 * `STRING` = INT16 length + UTF-8 (non-nullable). Checkpoint and Heartbeat values start with an
 * INT16 version header (only 0 exists; Java parses any version as V0 because asserts are off).
 * Decoders never throw: they return a typed error, so a caller can report the record's offset and
 * keep decoding the rest of the topic.
 */

/** An offset-syncs record (`OffsetSync.java`); `topic` is the upstream (source) topic name. */
export interface OffsetSyncRecord {
  topic: string;
  partition: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
}

/** A checkpoints record (`Checkpoint.java`); `topic` is the downstream (renamed) topic name. */
export interface CheckpointRecord {
  group: string;
  topic: string;
  partition: number;
  version: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
  metadata: string;
}

/** A heartbeats record (`Heartbeat.java`). */
export interface HeartbeatRecord {
  sourceClusterAlias: string;
  targetClusterAlias: string;
  version: number;
  timestamp: bigint;
}

/** Why bytes are not a valid MM2 record. */
export type DecodeErrorCode =
  | 'null-key'
  | 'null-value' // a tombstone: not MM2 data (Checkpoint.deserializeRecord would NPE on it)
  | 'truncated'
  | 'negative-string-length'
  | 'converter-mismatch'; // C17: written through JsonConverter/StringConverter instead of ByteArrayConverter

/** A decode failure; `embedded` holds the record recovered from a JSON-converter payload when possible. */
export interface DecodeError<T = unknown> {
  code: DecodeErrorCode;
  message: string;
  part: 'key' | 'value';
  /** Byte position in the key or value where decoding failed. */
  at?: number;
  converter?: 'json' | 'string';
  embedded?: T;
}

/** A decoded record with non-fatal observations (unknown version, trailing bytes), or an error. */
export type Decoded<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: DecodeError<T> };

type Bytes = Uint8Array | null | undefined;

class Reader {
  private off = 0;
  private readonly buf: Buffer;
  constructor(
    bytes: Uint8Array,
    readonly part: 'key' | 'value',
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get offset(): number {
    return this.off;
  }
  get remaining(): number {
    return this.buf.length - this.off;
  }
  private need(n: number, what: string): DecodeError | undefined {
    if (this.remaining >= n) return undefined;
    return { code: 'truncated', part: this.part, at: this.off, message: `${this.part} truncated: ${what} needs ${n} bytes at position ${this.off}, ${this.remaining} left` };
  }
  int16(what: string): number | DecodeError {
    const e = this.need(2, what);
    if (e) return e;
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  int32(what: string): number | DecodeError {
    const e = this.need(4, what);
    if (e) return e;
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  int64(what: string): bigint | DecodeError {
    const e = this.need(8, what);
    if (e) return e;
    const v = this.buf.readBigInt64BE(this.off);
    this.off += 8;
    return v;
  }
  // Type.STRING: non-nullable; a negative length is a SchemaException in Java.
  string(what: string): string | DecodeError {
    const at = this.off;
    const len = this.int16(`${what} length`);
    if (typeof len !== 'number') return len;
    if (len < 0) {
      return { code: 'negative-string-length', part: this.part, at, message: `${this.part}: ${what} length ${len} cannot be negative` };
    }
    const e = this.need(len, what);
    if (e) return e;
    const s = this.buf.toString('utf8', this.off, this.off + len);
    this.off += len;
    return s;
  }
}

const isErr = (x: unknown): x is DecodeError => typeof x === 'object' && x !== null && 'code' in x;

/** What a non-byte-array converter made of MM2's bytes, if it was one (C17). */
type ConverterGuess = { converter: 'string' } | { converter: 'json'; payload: Uint8Array | undefined } | undefined;

/**
 * JsonConverter writes the bytes as a base64 JSON string, or `{"schema":…,"payload":"<base64>"}`
 * with schemas enabled; StringConverter writes Java's `byte[].toString()` (`[B@1b2c3d`). Real MM2
 * keys and values start with a 0x00 length/version/offset high byte, so this cannot misfire.
 */
function guessConverter(bytes: Uint8Array): ConverterGuess {
  const first = bytes[0];
  if (first === undefined) return undefined;
  // Looked at byte by byte: every record of both topics passes here (tens of thousands at 10,000 groups).
  if (first === 0x5b /* [ */ && bytes[1] === 0x42 /* B */ && bytes[2] === 0x40 /* @ */) return { converter: 'string' };
  if (first !== 0x7b /* { */ && first !== 0x22 /* " */) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const payload =
    typeof json === 'string'
      ? json
      : typeof json === 'object' && json !== null && typeof (json as { payload?: unknown }).payload === 'string'
        ? (json as { payload: string }).payload
        : undefined;
  return { converter: 'json', payload: payload === undefined ? undefined : Buffer.from(payload, 'base64') };
}

function decodeRecord<T>(
  key: Bytes,
  value: Bytes,
  readKey: (r: Reader) => Partial<T> | DecodeError,
  readValue: (r: Reader, warnings: string[]) => Partial<T> | DecodeError,
): Decoded<T> {
  if (key === null || key === undefined) return { ok: false, error: { code: 'null-key', part: 'key', message: 'record has no key' } };
  if (value === null || value === undefined) {
    return { ok: false, error: { code: 'null-value', part: 'value', message: 'record has a null value (tombstone), not MM2 data' } };
  }
  // Converter detection first: JSON text would otherwise decode as garbage lengths.
  const gk = guessConverter(key);
  const gv = guessConverter(value);
  const guess = gk ?? gv;
  if (guess) {
    const part = gk ? 'key' : 'value';
    const name = guess.converter === 'json' ? 'JsonConverter' : 'StringConverter';
    const error: DecodeError<T> = {
      code: 'converter-mismatch',
      converter: guess.converter,
      part,
      message: `${part} was written by ${name}, not as MM2's raw bytes; the Connect worker running MM2 must use ByteArrayConverter`,
    };
    if (gk?.converter === 'json' && gv?.converter === 'json' && gk.payload && gv.payload) {
      const inner = decodeRecord(gk.payload, gv.payload, readKey, readValue);
      if (inner.ok) error.embedded = inner.value;
    }
    return { ok: false, error };
  }

  const warnings: string[] = [];
  const kr = new Reader(key, 'key');
  const k = readKey(kr);
  if (isErr(k)) return { ok: false, error: k as DecodeError<T> };
  if (kr.remaining > 0) warnings.push(`key has ${kr.remaining} trailing bytes (ignored, as Java's Schema.read does)`);
  const vr = new Reader(value, 'value');
  const v = readValue(vr, warnings);
  if (isErr(v)) return { ok: false, error: v as DecodeError<T> };
  if (vr.remaining > 0) warnings.push(`value has ${vr.remaining} trailing bytes (ignored, as Java's Schema.read does)`);
  return { ok: true, value: { ...k, ...v } as T, warnings };
}

function versionHeader(r: Reader, warnings: string[]): number | DecodeError {
  const version = r.int16('version');
  if (typeof version === 'number' && version !== 0) warnings.push(`value version ${version} is not 0; Kafka parses it as version 0`);
  return version;
}

/** Decodes an `mm2-offset-syncs.*.internal` record. */
export function decodeOffsetSync(key: Bytes, value: Bytes): Decoded<OffsetSyncRecord> {
  return decodeRecord<OffsetSyncRecord>(
    key,
    value,
    (r) => {
      const topic = r.string('topic');
      if (isErr(topic)) return topic;
      const partition = r.int32('partition');
      if (isErr(partition)) return partition;
      return { topic, partition };
    },
    (r) => {
      const upstreamOffset = r.int64('upstreamOffset');
      if (isErr(upstreamOffset)) return upstreamOffset;
      const downstreamOffset = r.int64('offset');
      if (isErr(downstreamOffset)) return downstreamOffset;
      return { upstreamOffset, downstreamOffset };
    },
  );
}

const NO_WARNINGS: string[] = Object.freeze([]) as unknown as string[];
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
/** First bytes of text a JsonConverter or StringConverter wrote (`{`, `"`, `[B@`): left to the full decoder. */
const textStart = (b: Buffer) => b[0] === 0x7b || b[0] === 0x22 || b[0] === 0x5b;

/**
 * The common case of a checkpoint, read in one pass: a well-formed version-0 record that fills its
 * key and value exactly. Anything else (another version, trailing or missing bytes, converter text)
 * returns undefined and goes through the full decoder, which explains it; both give the same record
 * for the bytes this accepts. At 10,000 groups the checkpoints topic holds 40,000 records and the
 * full decoder's readers and error checks were ~0.15 s of a diagnosis (issue 10's bench).
 */
function checkpointFast(key: Uint8Array, value: Uint8Array): CheckpointRecord | undefined {
  const k = asBuffer(key);
  const v = asBuffer(value);
  if (k.length < 8 || v.length < 20 || textStart(k) || textStart(v)) return undefined;
  const groupLen = k.readInt16BE(0);
  if (groupLen < 0 || 4 + groupLen > k.length) return undefined;
  const topicLen = k.readInt16BE(2 + groupLen);
  if (topicLen < 0 || 8 + groupLen + topicLen !== k.length) return undefined;
  if (v.readInt16BE(0) !== 0) return undefined;
  const metadataLen = v.readInt16BE(18);
  if (metadataLen < 0 || 20 + metadataLen !== v.length) return undefined;
  return {
    group: k.toString('utf8', 2, 2 + groupLen),
    topic: k.toString('utf8', 4 + groupLen, 4 + groupLen + topicLen),
    partition: k.readInt32BE(4 + groupLen + topicLen),
    version: 0,
    upstreamOffset: v.readBigInt64BE(2),
    downstreamOffset: v.readBigInt64BE(10),
    metadata: v.toString('utf8', 20, 20 + metadataLen),
  };
}

/** Decodes a `<source>.checkpoints.internal` record. */
export function decodeCheckpoint(key: Bytes, value: Bytes): Decoded<CheckpointRecord> {
  const fast = key && value ? checkpointFast(key, value) : undefined;
  if (fast) return { ok: true, value: fast, warnings: NO_WARNINGS };
  return decodeRecord<CheckpointRecord>(
    key,
    value,
    (r) => {
      const group = r.string('group');
      if (isErr(group)) return group;
      const topic = r.string('topic');
      if (isErr(topic)) return topic;
      const partition = r.int32('partition');
      if (isErr(partition)) return partition;
      return { group, topic, partition };
    },
    (r, warnings) => {
      const version = versionHeader(r, warnings);
      if (isErr(version)) return version;
      const upstreamOffset = r.int64('upstreamOffset');
      if (isErr(upstreamOffset)) return upstreamOffset;
      const downstreamOffset = r.int64('offset');
      if (isErr(downstreamOffset)) return downstreamOffset;
      const metadata = r.string('metadata');
      if (isErr(metadata)) return metadata;
      return { version, upstreamOffset, downstreamOffset, metadata };
    },
  );
}

/** Decodes a `heartbeats` (or `<alias>.heartbeats`) record. */
export function decodeHeartbeat(key: Bytes, value: Bytes): Decoded<HeartbeatRecord> {
  return decodeRecord<HeartbeatRecord>(
    key,
    value,
    (r) => {
      const sourceClusterAlias = r.string('sourceClusterAlias');
      if (isErr(sourceClusterAlias)) return sourceClusterAlias;
      const targetClusterAlias = r.string('targetClusterAlias');
      if (isErr(targetClusterAlias)) return targetClusterAlias;
      return { sourceClusterAlias, targetClusterAlias };
    },
    (r, warnings) => {
      const version = versionHeader(r, warnings);
      if (isErr(version)) return version;
      const timestamp = r.int64('timestamp');
      if (isErr(timestamp)) return timestamp;
      return { version, timestamp };
    },
  );
}

// ---- encoders (used by tests and the lab) --------------------------------------------------------

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 0x7fff) throw new RangeError(`string of ${b.length} bytes exceeds Kafka's STRING limit`);
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length);
  return Buffer.concat([len, b]);
}
function i16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}
function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
function i64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
}

/** Encodes an offset sync exactly as `OffsetSync.recordKey()/recordValue()` do. */
export function encodeOffsetSync(s: OffsetSyncRecord): { key: Buffer; value: Buffer } {
  return {
    key: Buffer.concat([str(s.topic), i32(s.partition)]),
    value: Buffer.concat([i64(s.upstreamOffset), i64(s.downstreamOffset)]),
  };
}

/** Encodes a checkpoint exactly as `Checkpoint.recordKey()/recordValue()` do (version defaults to 0). */
export function encodeCheckpoint(c: Omit<CheckpointRecord, 'version'> & { version?: number }): { key: Buffer; value: Buffer } {
  return {
    key: Buffer.concat([str(c.group), str(c.topic), i32(c.partition)]),
    value: Buffer.concat([i16(c.version ?? 0), i64(c.upstreamOffset), i64(c.downstreamOffset), str(c.metadata)]),
  };
}

/** Encodes a heartbeat exactly as `Heartbeat.recordKey()/recordValue()` do. */
export function encodeHeartbeat(h: Omit<HeartbeatRecord, 'version'> & { version?: number }): { key: Buffer; value: Buffer } {
  return {
    key: Buffer.concat([str(h.sourceClusterAlias), str(h.targetClusterAlias)]),
    value: Buffer.concat([i16(h.version ?? 0), i64(h.timestamp)]),
  };
}

// ---- whole topics --------------------------------------------------------------------------------

/** A consumed record: offset in its partition, raw key and value. */
export interface RawRecord {
  offset: bigint | number | string;
  key: Bytes;
  value: Bytes;
}

/** Result of decoding a topic: good records in order, and bad ones with their offsets. */
export interface DecodedTopic<T> {
  records: Array<{ offset: bigint; value: T; warnings: string[] }>;
  errors: Array<{ offset: bigint; error: DecodeError<T> }>;
}

/** Decodes every record, collecting failures by offset instead of stopping at the first one. */
export function decodeAll<T>(records: Iterable<RawRecord>, decode: (key: Bytes, value: Bytes) => Decoded<T>): DecodedTopic<T> {
  const out: DecodedTopic<T> = { records: [], errors: [] };
  for (const rec of records) {
    const offset = BigInt(rec.offset);
    const d = decode(rec.key, rec.value);
    if (d.ok) out.records.push({ offset, value: d.value, warnings: d.warnings });
    else out.errors.push({ offset, error: d.error });
  }
  return out;
}
