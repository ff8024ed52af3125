package com.shopstream.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvLayoutTest {

    @Test
    @DisplayName("One row per list element, nested objects as dotted columns, money as plain decimals")
    void rows() {
        JsonObject body = new JsonObject().put("rules", new JsonArray()
                .add(new JsonObject().put("antecedent", new JsonObject().put("productId", 1).put("name", "Mug, blue"))
                        .put("revenue", new BigDecimal("1200.50")).put("lift", 2.5))
                .add(new JsonObject().put("antecedent", new JsonObject().put("productId", 2).put("name", "Say \"hi\""))
                        .put("revenue", new BigDecimal("0.10")).put("lift", null)));
        assertThat(CsvLayout.rowsOf("rules").render(body)).isEqualTo(
                "antecedent.productId,antecedent.name,revenue,lift\r\n"
                        + "1,\"Mug, blue\",1200.50,2.5\r\n"
                        + "2,\"Say \"\"hi\"\"\",0.10,\r\n");
    }

    @Test
    @DisplayName("An expanded list gives a row per element with the parent's fields; other lists stay JSON")
    void expands() {
        JsonObject body = new JsonObject().put("cohorts", new JsonArray().add(new JsonObject()
                .put("cohort", "2026-11-02T00:00:00Z").put("customers", 10)
                .put("tags", new JsonArray().add("a"))
                .put("retention", new JsonArray()
                        .add(new JsonObject().put("period", 1).put("rate", 0.5))
                        .add(new JsonObject().put("period", 2).put("rate", 0.2)))));
        assertThat(CsvLayout.rowsOf("cohorts", "retention").render(body)).isEqualTo(
                "cohort,customers,tags,retention.period,retention.rate\r\n"
                        + "2026-11-02T00:00:00Z,10,\"[\"\"a\"\"]\",1,0.5\r\n"
                        + "2026-11-02T00:00:00Z,10,\"[\"\"a\"\"]\",2,0.2\r\n");
    }

    @Test
    @DisplayName("Text a spreadsheet would run as a formula is quoted; an empty list is a header only")
    void formulasAndEmpty() {
        assertThat(CsvLayout.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvLayout.cell("+1")).isEqualTo("'+1");
        assertThat(CsvLayout.cell(-1)).isEqualTo("-1");
        assertThat(CsvLayout.rowsOf("points").render(new JsonObject().put("points", new JsonArray()))).isEqualTo("\r\n");
    }
}
