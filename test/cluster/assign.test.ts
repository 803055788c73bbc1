import { describe, expect, it } from 'vitest';
import { assignMoment, clusterProfile } from '../../electron/engine/cluster/assign.js';
import { cosine } from '../../electron/engine/base/vectors.js';
import { placeNear } from '../../electron/engine/cluster/place.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { vectorMaker } from '../analyze/moment-store.js';

describe('assigning a new moment to a cluster', () => {
  const make = vectorMaker(48, 3);
  const centre = make.random();
  const members = Array.from({ length: 40 }, () => make.near(centre, 0.4));
  const a = clusterProfile(members);
  const profile = () => a;
  const background = { mean: 0, sd: 0.14 };

  it("derives the centre floor from the cluster's own spread", () => {
    const sims = members.map((v) => cosine(v, a.centre));
    expect(a.floor).toBeLessThan(Math.min(...sims));
    expect(a.floor).toBeGreaterThan(0.5);
    // Too few members or no spread: no floor, as the full clustering's outlier rule.
    expect(clusterProfile(members.slice(0, 3)).floor).toBe(-Infinity);
    expect(clusterProfile([centre, centre, centre, centre]).floor).toBe(-Infinity);
  });

  it('follows the majority of the vote, weighted as edges of the clustering graph', () => {
    const v = make.near(centre, 0.4);
    const near = (cluster: number, similarity: number) => ({ cluster, similarity });
    expect(assignMoment(v, [near(7, 0.8), near(7, 0.8), near(-1, 0.7), near(3, 0.6)], profile, background)).toMatchObject({ cluster: 7, reason: 'assigned' });
    // Noise neighbours count against: 7 holds half of the vote, not more.
    expect(assignMoment(v, [near(7, 0.8), near(-1, 0.8), near(-1, 0.7), near(3, 0.1)], profile, background)).toMatchObject({ cluster: -1, candidate: 7, reason: 'no majority' });
    expect(assignMoment(v, [], profile, background).reason).toBe('no neighbours');
    // The nearest count most: two close members outvote eight distant ones...
    const distant = [near(7, 0.9), near(7, 0.9), ...Array.from({ length: 8 }, () => near(3, 0.5))];
    expect(assignMoment(v, distant, profile, background).cluster).toBe(7);
    // ...but not eight as close; and only the k nearest vote.
    const close = [near(7, 0.9), near(7, 0.9), ...Array.from({ length: 8 }, () => near(3, 0.9))];
    expect(assignMoment(v, close, profile, background).cluster).toBe(3);
    expect(assignMoment(v, close, profile, background, { k: 2 }).cluster).toBe(7);
  });

  it('refuses a moment below the cluster floor or no closer to the voters than random pairs', () => {
    const far = make.atCosine(a.centre as unknown as Float32Array, a.floor - 0.05);
    const voters = [{ cluster: 7, similarity: 0.6 }];
    expect(assignMoment(far, voters, profile, background)).toMatchObject({ cluster: -1, reason: 'below the cluster floor' });
    const inside = make.atCosine(a.centre as unknown as Float32Array, a.floor + 0.05);
    expect(assignMoment(inside, voters, profile, background).cluster).toBe(7);
    expect(assignMoment(inside, [{ cluster: 7, similarity: 0.05 }], profile, background).reason).toBe('no closer than background');
    expect(assignMoment(inside, [{ cluster: 7, similarity: 0.05 }], profile, null).cluster).toBe(7);
  });
});

describe('placing a new moment on the map', () => {
  it('goes near its nearest neighbours, preferring those of its own cluster, inside the map', () => {
    const rand = seededRandom(1);
    const p = placeNear(
      [
        { x: 0.5, y: 0.5, similarity: 0.9, sameCluster: true },
        { x: 0.52, y: 0.48, similarity: 0.85, sameCluster: true },
        { x: -0.8, y: -0.8, similarity: 0.95, sameCluster: false },
      ],
      rand,
    );
    expect(Math.hypot(p.x - 0.51, p.y - 0.49)).toBeLessThan(0.05);
    // Without own-cluster neighbours, the most similar dominates.
    const q = placeNear(
      [
        { x: 0.9, y: 0, similarity: 0.95, sameCluster: false },
        { x: -0.9, y: 0, similarity: 0.5, sameCluster: false },
      ],
      rand,
    );
    expect(q.x).toBeGreaterThan(0.8);
    const edge = placeNear([{ x: 1, y: -1, similarity: 0.99, sameCluster: false }], () => 0.99);
    expect(Math.abs(edge.x) <= 1 && Math.abs(edge.y) <= 1).toBe(true);
    expect(placeNear([], rand)).toEqual({ x: 0, y: 0 });
  });
});
