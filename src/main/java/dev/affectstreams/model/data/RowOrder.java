package dev.affectstreams.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded orders of rows and their split into batches. */
public final class RowOrder {

    private RowOrder() {
    }

    /** A Fisher-Yates permutation of 0..n-1. */
    public static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Consecutive batches of the order; a last batch of fewer than {@code minSize} rows is dropped. */
    public static List<int[]> batches(int[] order, int size, int minSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += size) {
            int end = Math.min(order.length, start + size);
            if (end - start >= minSize) {
                batches.add(Arrays.copyOfRange(order, start, end));
            }
        }
        return batches;
    }
}
