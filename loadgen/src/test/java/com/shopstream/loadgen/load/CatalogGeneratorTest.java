package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {

    @Test
    @DisplayName("The same seed gives the same catalog, with ids 1..n, exact prices and known categories")
    void deterministic() {
        List<CatalogProduct> catalog = CatalogGenerator.generate(42, 2000);

        assertThat(CatalogGenerator.generate(42, 2000)).isEqualTo(catalog);
        assertThat(CatalogGenerator.generate(43, 2000)).isNotEqualTo(catalog);
        assertThat(catalog).extracting(CatalogProduct::id).startsWith(1L, 2L, 3L).endsWith(2000L);
        assertThat(catalog).allSatisfy(p -> {
            assertThat(p.price().scale()).isEqualTo(2);
            assertThat(p.price().signum()).isPositive();
            assertThat(CatalogGenerator.categoryNames()).contains(p.category());
            assertThat(p.name()).startsWith(p.brand());
            assertThat(p.stock()).isBetween(0, 500);
        });
        assertThat(catalog).extracting(CatalogProduct::category).containsAll(CatalogGenerator.categoryNames());
    }
}
