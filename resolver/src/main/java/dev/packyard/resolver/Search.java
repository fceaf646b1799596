package dev.packyard.resolver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Backtracking search for one candidate per layer, layers in profile order, each layer's candidates newest first: the
 * first complete assignment found is the one where the first layer is as new as any solution allows, then the
 * second given the first, and so on.
 *
 * <p>Forward checking prunes early: when a layer gets a candidate, every later related layer loses the candidates
 * that conflict with it at once, and a layer left empty fails the choice on the spot. Conflict-directed backjumping
 * (Prosser's FC-CBJ) then jumps straight back to the latest layer that took part in the failure instead of retrying
 * the layers in between, which can not help. Neither changes which solution is found first; both only skip work.
 * The work is bounded twice, so a pathological catalog ends in a clear error, not a hung request: by the number of
 * candidates tried (combinations), and by the number of constraint checks forward checking makes.
 */
final class Search {

    /** Thrown when the bound on candidates tried is reached. */
    static final class GaveUp extends Exception {

        private static final long serialVersionUID = 1L;
        final long steps;

        GaveUp(long steps) {
            super(null, null, false, false);
            this.steps = steps;
        }
    }

    /** The first time a layer ran out of candidates: what was chosen, and who pruned each of its candidates. */
    record Wipe(int position, List<Option> assigned, List<Option> candidates, List<Option> pruners) {
    }

    private static final int ALIVE = -1;

    private final List<List<Option>> domains;
    private final boolean[][] related;
    private final int n;
    /** For each candidate: ALIVE, or the position that pruned it (its own position: tried and failed). */
    private final int[][] prunedBy;
    private final int[] left;
    private final int[] assigned;
    private final BitSet[] conflicts;
    /** Per position: the (position, index) pairs it pruned, to undo them. */
    private final List<List<int[]>> pruned;
    private final long maxSteps;
    private long steps;
    private long checksLeft;
    Wipe firstWipe;

    Search(List<List<Option>> domains, boolean[][] related, long maxSteps, long maxChecks) {
        this.checksLeft = maxChecks;
        this.domains = domains;
        this.related = related;
        this.n = domains.size();
        this.maxSteps = maxSteps;
        prunedBy = new int[n][];
        left = new int[n];
        assigned = new int[n];
        conflicts = new BitSet[n];
        pruned = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            prunedBy[p] = new int[domains.get(p).size()];
            java.util.Arrays.fill(prunedBy[p], ALIVE);
            left[p] = domains.get(p).size();
            conflicts[p] = new BitSet(n);
            pruned.add(new ArrayList<>());
        }
    }

    long steps() {
        return steps;
    }

    /** One option per position, or empty when no combination satisfies every constraint. */
    Optional<List<Option>> run() throws GaveUp {
        int p = 0;
        while (true) {
            if (p == n) {
                List<Option> solution = new ArrayList<>(n);
                for (int q = 0; q < n; q++) {
                    solution.add(domains.get(q).get(assigned[q]));
                }
                return Optional.of(solution);
            }
            if (label(p)) {
                p++;
                continue;
            }
            // Every candidate of p failed: jump back to the latest position that took part.
            BitSet culprits = (BitSet) conflicts[p].clone();
            culprits.or(pastPruners(p));
            culprits.clear(p);
            if (culprits.isEmpty()) {
                return Optional.empty();
            }
            int h = culprits.previousSetBit(p - 1);
            conflicts[h].or(culprits);
            conflicts[h].clear(h);
            for (int j = p; j > h; j--) {
                conflicts[j].clear();
                undo(j);
                resetTried(j);
            }
            undo(h);
            prune(h, assigned[h], h);
            p = h;
        }
    }

    /** Tries p's remaining candidates, newest first; true when one survives forward checking. */
    private boolean label(int p) throws GaveUp {
        List<Option> domain = domains.get(p);
        for (int k = 0; k < domain.size(); k++) {
            if (prunedBy[p][k] != ALIVE) {
                continue;
            }
            if (steps >= maxSteps || checksLeft <= 0) {
                throw new GaveUp(steps);
            }
            steps++;
            int wiped = forward(p, k);
            if (wiped < 0) {
                assigned[p] = k;
                return true;
            }
            if (firstWipe == null) {
                recordWipe(p, k, wiped);
            }
            BitSet culprits = pastPruners(wiped);
            culprits.clear(p);
            conflicts[p].or(culprits);
            undo(p);
            prune(p, k, p);
        }
        return false;
    }

    /** Prunes later related positions against candidate k of p; the first position left empty, or -1. */
    private int forward(int p, int k) {
        Option chosen = domains.get(p).get(k);
        for (int q = p + 1; q < n; q++) {
            if (!related[p][q]) {
                continue;
            }
            List<Option> domain = domains.get(q);
            for (int b = 0; b < domain.size(); b++) {
                if (prunedBy[q][b] == ALIVE) {
                    checksLeft--;
                    if (!Compatibility.compatible(chosen, domain.get(b))) {
                        prune(q, b, p);
                        pruned.get(p).add(new int[] {q, b});
                    }
                }
            }
            if (left[q] == 0) {
                return q;
            }
        }
        return -1;
    }

    private void prune(int q, int b, int by) {
        prunedBy[q][b] = by;
        left[q]--;
    }

    /** Restores what position p pruned in later positions. */
    private void undo(int p) {
        for (int[] entry : pruned.get(p)) {
            prunedBy[entry[0]][entry[1]] = ALIVE;
            left[entry[0]]++;
        }
        pruned.get(p).clear();
    }

    /** Forgets which of p's own candidates were tried, for when p is reached anew. */
    private void resetTried(int p) {
        for (int b = 0; b < prunedBy[p].length; b++) {
            if (prunedBy[p][b] == p) {
                prunedBy[p][b] = ALIVE;
                left[p]++;
            }
        }
    }

    /** The earlier positions that pruned candidates of q. */
    private BitSet pastPruners(int q) {
        BitSet set = new BitSet(n);
        for (int by : prunedBy[q]) {
            if (by != ALIVE && by != q) {
                set.set(by);
            }
        }
        return set;
    }

    private void recordWipe(int p, int k, int q) {
        List<Option> context = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            context.add(domains.get(r).get(assigned[r]));
        }
        context.add(domains.get(p).get(k));
        List<Option> pruners = new ArrayList<>();
        for (int b = 0; b < prunedBy[q].length; b++) {
            int by = prunedBy[q][b];
            pruners.add(by == p ? domains.get(p).get(k) : domains.get(by).get(assigned[by]));
        }
        firstWipe = new Wipe(q, context, domains.get(q), pruners);
    }
}
