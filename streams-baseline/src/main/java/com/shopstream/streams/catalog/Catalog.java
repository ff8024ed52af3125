package com.shopstream.streams.catalog;

import java.util.Map;

/** The category of each product, as the aggregator names it; products outside the catalog are "unknown". */
public final class Catalog {

    /** The aggregator's name for the category of a product the catalog does not hold. */
    public static final String UNKNOWN_CATEGORY = "unknown";

    private final Map<Long, String> categories;

    public Catalog(Map<Long, String> categories) {
        this.categories = Map.copyOf(categories);
    }

    public String categoryOf(long productId) {
        return categories.getOrDefault(productId, UNKNOWN_CATEGORY);
    }

    public int size() {
        return categories.size();
    }
}
