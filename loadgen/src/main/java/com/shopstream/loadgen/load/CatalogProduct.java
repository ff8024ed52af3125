package com.shopstream.loadgen.load;

import java.math.BigDecimal;

/** A catalog product as the load generator needs it. */
public record CatalogProduct(long id, String name, String description, String category, String brand, BigDecimal price, int stock) {
}
