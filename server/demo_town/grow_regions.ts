/**
 * Partitions the nodes of a graph into `k` contiguous regions of similar weight by growing them
 * together from seeds: the lightest region that can still grow takes the free neighbour nearest
 * its seed. Nodes a region cannot reach go to any region that touches them. Deterministic for the
 * given seeds.
 */
export function growRegions(
  neighbours: number[][],
  weight: (i: number) => number,
  position: (i: number) => [number, number],
  seeds: number[],
  eligible: (i: number) => boolean = () => true,
): number[] {
  const region = new Array<number>(neighbours.length).fill(-1);
  const total = seeds.map(() => 0);
  seeds.forEach((s, r) => {
    region[s] = r;
    total[r] += weight(s);
  });
  const members = seeds.map((s) => [s]);
  const dist2 = (a: number, b: number) => {
    const [ax, ay] = position(a);
    const [bx, by] = position(b);
    return (ax - bx) ** 2 + (ay - by) ** 2;
  };
  const stuck = new Set<number>();
  while (stuck.size < seeds.length) {
    let r = -1;
    for (let i = 0; i < seeds.length; i++) if (!stuck.has(i) && (r < 0 || total[i] < total[r])) r = i;
    let best = -1;
    let bestD = Infinity;
    for (const m of members[r]) {
      for (const n of neighbours[m]) {
        if (region[n] !== -1 || !eligible(n)) continue;
        const d = dist2(n, seeds[r]);
        if (d < bestD) [best, bestD] = [n, d];
      }
    }
    if (best < 0) {
      stuck.add(r);
      continue;
    }
    region[best] = r;
    total[r] += weight(best);
    members[r].push(best);
  }
  // Anything unreachable from every seed joins a neighbouring region, repeatedly until settled.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < region.length; i++) {
      if (region[i] !== -1 || !eligible(i)) continue;
      const n = neighbours[i].find((j) => region[j] !== -1 && eligible(j));
      if (n !== undefined) {
        region[i] = region[n];
        changed = true;
      }
    }
  }
  return region;
}
