package com.shopstream.query.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a JSON answer reads as CSV (RFC 4180): one row per element of its list field, one column per
 * field, nested objects flattened to {@code parent.child} columns. A nested list named as
 * {@code expand} becomes one row per element, the parent's fields repeated (cohorts by period);
 * other nested lists stay JSON in their cell. Text that a spreadsheet would run as a formula is
 * prefixed with a quote.
 */
public record CsvLayout(String rows, String expand) {

    public static CsvLayout rowsOf(String rows) {
        return new CsvLayout(rows, null);
    }

    public static CsvLayout rowsOf(String rows, String expand) {
        return new CsvLayout(rows, expand);
    }

    String render(JsonObject body) {
        List<Map<String, Object>> table = new ArrayList<>();
        JsonArray list = body.getJsonArray(rows, new JsonArray());
        for (Object element : list) {
            if (element instanceof JsonObject row) {
                expandInto(table, flatten(row, ""));
            }
        }
        Set<String> columns = new LinkedHashSet<>();
        table.forEach(row -> columns.addAll(row.keySet()));
        StringBuilder csv = new StringBuilder();
        appendLine(csv, new ArrayList<>(columns));
        for (Map<String, Object> row : table) {
            List<Object> cells = new ArrayList<>(columns.size());
            columns.forEach(column -> cells.add(row.get(column)));
            appendLine(csv, cells);
        }
        return csv.toString();
    }

    private void expandInto(List<Map<String, Object>> table, Map<String, Object> row) {
        Object nested = expand == null ? null : row.get(expand);
        if (!(nested instanceof JsonArray items) || items.isEmpty()) {
            table.add(row);
            return;
        }
        row.remove(expand);
        for (Object item : items) {
            Map<String, Object> expanded = new LinkedHashMap<>(row);
            if (item instanceof JsonObject object) {
                expanded.putAll(flatten(object, expand + "."));
            } else {
                expanded.put(expand, item);
            }
            table.add(expanded);
        }
    }

    private Map<String, Object> flatten(JsonObject object, String prefix) {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : object) {
            String name = prefix + field.getKey();
            if (field.getValue() instanceof JsonObject nested) {
                flat.putAll(flatten(nested, name + "."));
            } else if (field.getValue() instanceof JsonArray nested && !name.equals(expand)) {
                flat.put(name, nested.encode());
            } else {
                flat.put(name, field.getValue());
            }
        }
        return flat;
    }

    private static void appendLine(StringBuilder csv, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (!(value instanceof String text)) {
            return value.toString();
        }
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
