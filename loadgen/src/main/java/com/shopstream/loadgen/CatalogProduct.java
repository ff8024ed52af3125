package com.shopstream.loadgen;

import java.math.BigDecimal;

/** A catalog product as the load generator needs it. */
record CatalogProduct(long id, String name, String description, String category, String brand, BigDecimal price, int stock) {
}
