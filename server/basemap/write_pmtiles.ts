import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/** One tile to store: its address and its bytes (already compressed as `tileCompression` says). */
export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface ArchiveOptions {
  /** 1: none, 2: gzip (the PMTiles spec's Compression values), as the tiles' bytes are. */
  tileCompression: 1 | 2;
  /** 1: MVT (vector), 2: PNG, 3: JPEG, 4: WebP. */
  tileType: 1 | 2 | 3 | 4;
  bounds: [number, number, number, number];
  center: [number, number, number];
  /** TileJSON-like metadata: name, attribution, vector_layers … */
  metadata: Record<string, unknown>;
}

const HEADER_BYTES = 127;
// Readers fetch the first 16 KiB in one request: the header and the root directory must fit.
const FIRST_FETCH = 16_384;

/**
 * Writes a PMTiles v3 archive (the protomaps spec) holding `tiles`: a header, one gzipped root
 * directory, gzipped JSON metadata, then the tile data in tile-id order (a "clustered" archive),
 * identical tiles stored once. The `pmtiles` package only reads archives; this is the writing
 * half, checked against its reader in test/unit/write_pmtiles.test.ts. Archives whose directory
 * would need leaf directories (tens of thousands of tiles) are refused: a town's basemap, or an
 * extract cut for one, is far smaller.
 *
 * @example writePmtiles([{ z: 0, x: 0, y: 0, data: gzippedMvt }], { tileCompression: 2, tileType: 1, bounds: [-180, -85, 180, 85], center: [0, 0, 0], metadata: {} })
 */
export function writePmtiles(tiles: ArchiveTile[], options: ArchiveOptions): Uint8Array {
  const sorted = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), ...t })).sort((a, b) => a.id - b.id);
  const entries: { tileId: number; offset: number; length: number; runLength: number }[] = [];
  const chunks: Uint8Array[] = [];
  const offsetOf = new Map<string, number>();
  let dataLength = 0;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    if (i > 0 && t.id === sorted[i - 1].id) throw new Error(`Tile ${t.z}/${t.x}/${t.y} is given twice.`);
    const hash = createHash('sha256').update(t.data).digest('hex');
    let offset = offsetOf.get(hash);
    if (offset === undefined) {
      offset = dataLength;
      offsetOf.set(hash, offset);
      chunks.push(t.data);
      dataLength += t.data.length;
    }
    const last = entries[entries.length - 1];
    // A run: consecutive tile ids with the same bytes (open sea, an empty field) share one entry.
    if (last && last.offset === offset && last.tileId + last.runLength === t.id) last.runLength++;
    else entries.push({ tileId: t.id, offset, length: t.data.length, runLength: 1 });
  }
  const rootDirectory = gzipSync(serializeDirectory(entries));
  if (HEADER_BYTES + rootDirectory.length > FIRST_FETCH) {
    throw new Error(`The archive's ${entries.length} directory entries take ${rootDirectory.length} bytes gzipped, more than fits beside the header in ${FIRST_FETCH} bytes; cut fewer tiles (leaf directories are not written).`);
  }
  const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata)));
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + rootDirectory.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset;
  const zooms = sorted.map((t) => t.z);

  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, rootDirectory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, sorted.length);
  u64(80, entries.length);
  u64(88, chunks.length);
  header.writeUInt8(1, 96); // clustered: tile data in tile-id order
  header.writeUInt8(2, 97); // internal compression: gzip
  header.writeUInt8(options.tileCompression, 98);
  header.writeUInt8(options.tileType, 99);
  header.writeUInt8(zooms.length ? Math.min(...zooms) : 0, 100);
  header.writeUInt8(zooms.length ? Math.max(...zooms) : 0, 101);
  const e7 = (v: number) => Math.round(v * 1e7);
  header.writeInt32LE(e7(options.bounds[0]), 102);
  header.writeInt32LE(e7(options.bounds[1]), 106);
  header.writeInt32LE(e7(options.bounds[2]), 110);
  header.writeInt32LE(e7(options.bounds[3]), 114);
  header.writeUInt8(options.center[2], 118);
  header.writeInt32LE(e7(options.center[0]), 119);
  header.writeInt32LE(e7(options.center[1]), 123);
  return Buffer.concat([header, rootDirectory, metadata, ...chunks]);
}

/** A directory as the spec lays it out: the count, then tile-id deltas, run lengths, lengths and offsets, each as varints. */
function serializeDirectory(entries: { tileId: number; offset: number; length: number; runLength: number }[]): Uint8Array {
  const out: number[] = [];
  const varint = (v: number) => {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  varint(entries.length);
  let lastId = 0;
  for (const e of entries) {
    varint(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) varint(e.runLength);
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "right after the previous entry's bytes"; otherwise offset + 1.
    varint(i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}
