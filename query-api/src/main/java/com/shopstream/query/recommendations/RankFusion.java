package com.shopstream.query.recommendations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion of a text ranking and a vector ranking: each result scores the sum over
 * the rankings it appears in of 1 / (K + rank), with ranks from 1. It needs no calibration between
 * text-rank and cosine scores, which live on unrelated scales, and favours what both agree on.
 */
final class RankFusion {

    /** The usual constant: large enough that the top few ranks of one list do not drown the other. */
    static final int K = 60;

    /** One fused result: its ranks in each list (null where absent) and its fused score. */
    record Fused(long id, Integer textRank, Integer vectorRank, double score) {
    }

    private RankFusion() {
    }

    /** Fuses two rankings of ids, best first; ties go to the better of the results' best ranks, then the smaller id. */
    static List<Fused> fuse(List<Long> textRanking, List<Long> vectorRanking, int limit) {
        Map<Long, Integer[]> ranks = new LinkedHashMap<>();
        for (int i = 0; i < textRanking.size(); i++) {
            ranks.computeIfAbsent(textRanking.get(i), id -> new Integer[2])[0] = i + 1;
        }
        for (int i = 0; i < vectorRanking.size(); i++) {
            ranks.computeIfAbsent(vectorRanking.get(i), id -> new Integer[2])[1] = i + 1;
        }
        List<Fused> fused = new ArrayList<>(ranks.size());
        ranks.forEach((id, r) -> fused.add(new Fused(id, r[0], r[1], contribution(r[0]) + contribution(r[1]))));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparingInt(f -> Math.min(f.textRank() == null ? Integer.MAX_VALUE : f.textRank(),
                        f.vectorRank() == null ? Integer.MAX_VALUE : f.vectorRank()))
                .thenComparingLong(Fused::id));
        return fused.subList(0, Math.min(limit, fused.size()));
    }

    private static double contribution(Integer rank) {
        return rank == null ? 0 : 1.0 / (K + rank);
    }
}
