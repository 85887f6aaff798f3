/**
 * Compares two V8 heap snapshots of one process by constructor: what each kind of object adds per
 * item between them (count and self size), largest first. For the footprint benchmark's snapshots
 * (BENCH_HEAP_SNAPSHOTS, footprint.ts), items are the sockets opened between the two:
 *
 *   node --import tsx tests/bench/heap-diff.ts <first> <second> <items>
 *
 * Native sizes (Node's C++ objects, "synthetic" and "native" nodes) are not in the V8 heap that
 * `heapUsed` counts, and compiled code moves with what ran, not with the items: both are printed
 * apart from the objects' total.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size per kind of node: its type, and its constructor for objects. */
function kinds(file: string): Map<string, { count: number; size: number; type: string }> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const byKind = new Map<string, { count: number; size: number; type: string }>();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const t = types[s.nodes[i + type!]!]!;
    const named = ['object', 'closure', 'hidden', 'native', 'synthetic'].includes(t);
    const key = named ? `${t} ${s.strings[s.nodes[i + name!]!]!.slice(0, 60)}` : `(${t})`;
    const entry = byKind.get(key) ?? { count: 0, size: 0, type: t };
    entry.count++;
    entry.size += s.nodes[i + size!]!;
    byKind.set(key, entry);
  }
  return byKind;
}

const [first, second, items] = process.argv.slice(2);
if (!first || !second || !items) throw new Error('usage: heap-diff.ts <first> <second> <items>');
const [a, b] = [kinds(first), kinds(second)];
const per = Number(items);
const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => {
  const [x, y] = [a.get(key), b.get(key)];
  const type = (x ?? y)!.type;
  const count = ((y?.count ?? 0) - (x?.count ?? 0)) / per;
  return { key, type, count, size: ((y?.size ?? 0) - (x?.size ?? 0)) / per };
});
const apart = (type: string) => ['synthetic', 'native', 'code'].includes(type);
const total = (keep: (type: string) => boolean) =>
  rows.filter((r) => keep(r.type)).reduce((sum, r) => sum + r.size, 0);
console.log(`objects: ${total((t) => !apart(t)).toFixed(0)} B per item`);
console.log(`compiled code: ${total((t) => t === 'code').toFixed(0)} B per item`);
console.log(`native (outside the V8 heap): ${total((t) => t !== 'code' && apart(t)).toFixed(0)} B`);
rows.sort((x, y) => Math.abs(y.size) - Math.abs(x.size));
for (const r of rows.filter((r) => Math.abs(r.size) >= 1).slice(0, 40))
  console.log(`${r.size.toFixed(1).padStart(8)} B ${r.count.toFixed(2).padStart(7)} ×  ${r.key}`);
