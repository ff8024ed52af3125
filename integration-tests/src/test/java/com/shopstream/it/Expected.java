package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** Revenue, orders and units a test expects, added up exactly from the events it sent. */
final class Expected {

    BigDecimal revenue = new BigDecimal("0.00");
    long orders;
    long units;

    static Expected of(ShopEvent... orders) {
        Expected expected = new Expected();
        for (ShopEvent order : orders) {
            expected.add(order);
        }
        return expected;
    }

    Expected add(ShopEvent order) {
        revenue = revenue.add(order.revenue());
        orders++;
        units += order.units();
        return this;
    }

    Expected add(Expected other) {
        revenue = revenue.add(other.revenue);
        orders += other.orders;
        units += other.units;
        return this;
    }

    /** Asserts a JSON object of the API ({@code revenue}, {@code orders}, {@code units}) holds exactly these figures. */
    void assertMatches(JsonObject actual, String what) {
        assertThat(actual).as(what + " is missing").isNotNull();
        assertThat(new BigDecimal(actual.getValue("revenue").toString())).as(what + " revenue").isEqualByComparingTo(revenue);
        assertThat(actual.getLong("orders")).as(what + " orders").isEqualTo(orders);
        assertThat(actual.getLong("units")).as(what + " units").isEqualTo(units);
    }

    @Override
    public String toString() {
        return "revenue " + revenue + ", orders " + orders + ", units " + units;
    }
}
