package dev.packyard.resolver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Arc consistency (AC-3) over the binary constraints, before the search: a candidate that conflicts with every
 * remaining candidate of some other layer can be in no solution, so it is dropped, and the drop may drop others in
 * turn. This never changes which solution the search finds (only impossible candidates go), makes most conflicts
 * visible before any search, and records for each drop the layer that caused it, which is what the explanation of a
 * conflict is built from. Because it only ever drops impossible candidates, it may stop early: past its budget of
 * constraint checks it leaves the rest to the search, which stays correct, only slower.
 */
final class Consistency {

    /** Why a candidate was dropped: no candidate left in the layer at {@code by} agrees with it. */
    record Removal(int by, List<Option> others, int othersLeft) {
    }

    private static final int SNAPSHOT = 6;

    final List<Slot> slots;
    final boolean[][] related;
    private final boolean[][] alive;
    private final int[] left;
    final Removal[][] removals;
    /** The layer left with no candidate, or -1. */
    int wiped = -1;
    private long checksLeft;

    Consistency(List<Slot> slots, boolean[][] related, long maxChecks) {
        this.checksLeft = maxChecks;
        this.slots = slots;
        this.related = related;
        int n = slots.size();
        alive = new boolean[n][];
        left = new int[n];
        removals = new Removal[n][];
        for (int i = 0; i < n; i++) {
            int size = slots.get(i).domain.size();
            alive[i] = new boolean[size];
            java.util.Arrays.fill(alive[i], true);
            left[i] = size;
            removals[i] = new Removal[size];
        }
    }

    /** Runs AC-3; false when a layer is left with no candidate ({@link #wiped}). */
    boolean run() {
        int n = slots.size();
        Deque<int[]> queue = new ArrayDeque<>();
        boolean[][] queued = new boolean[n][n];
        // Later layers are narrowed by earlier ones first, so that a conflict is blamed on the later layer (the add-on
        // whose constraint fails) rather than on the Kubernetes layer the profile pinned first.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (related[i][j]) {
                    queue.add(new int[] {i, j});
                    queued[i][j] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (related[i][j]) {
                    queue.add(new int[] {i, j});
                    queued[i][j] = true;
                }
            }
        }
        while (!queue.isEmpty() && checksLeft > 0) {
            int[] arc = queue.poll();
            int i = arc[0];
            int j = arc[1];
            queued[i][j] = false;
            if (revise(i, j)) {
                if (left[i] == 0) {
                    wiped = i;
                    return false;
                }
                for (int h = 0; h < n; h++) {
                    if (h != i && h != j && related[h][i] && !queued[h][i]) {
                        queue.add(new int[] {h, i});
                        queued[h][i] = true;
                    }
                }
            }
        }
        return true;
    }

    /** Drops the candidates of layer i that no candidate of layer j agrees with; true when any was dropped. */
    private boolean revise(int i, int j) {
        List<Option> di = slots.get(i).domain;
        List<Option> dj = slots.get(j).domain;
        boolean changed = false;
        for (int a = 0; a < di.size(); a++) {
            if (!alive[i][a]) {
                continue;
            }
            boolean supported = false;
            for (int b = 0; b < dj.size() && !supported; b++) {
                if (alive[j][b]) {
                    checksLeft--;
                    supported = Compatibility.compatible(di.get(a), dj.get(b));
                }
            }
            if (!supported) {
                alive[i][a] = false;
                left[i]--;
                removals[i][a] = new Removal(j, remaining(j, SNAPSHOT), left[j]);
                changed = true;
            }
        }
        return changed;
    }

    /** Up to {@code limit} candidates still left in layer i, newest first. */
    List<Option> remaining(int i, int limit) {
        List<Option> out = new ArrayList<>();
        List<Option> domain = slots.get(i).domain;
        for (int a = 0; a < domain.size() && out.size() < limit; a++) {
            if (alive[i][a]) {
                out.add(domain.get(a));
            }
        }
        return out;
    }

    /** Every candidate still left in layer i, newest first. */
    List<Option> remaining(int i) {
        return remaining(i, Integer.MAX_VALUE);
    }
}
