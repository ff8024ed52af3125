package com.shopstream.query.dbops;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's JSON log ({@code log_destination = jsonlog}): the plans auto_explain logged for
 * slow statements, each with the parameters the server logged for the same execution (the nearest
 * {@code duration:} line of the same session and statement, from {@code log_min_duration_statement}).
 */
final class ServerLog {

    private static final Pattern PLAN = Pattern.compile("^duration: ([0-9.]+) ms {2}plan:\\n(.*)$", Pattern.DOTALL);
    private static final Pattern STATEMENT = Pattern.compile("^duration: [0-9.]+ ms {2}(execute|statement|bind)");
    private static final String PARAMETERS = "parameters: ";

    private ServerLog() {
    }

    /** What a chunk of a log file holds: the plans on its complete lines, and where the next chunk starts. */
    record Chunk(List<LoggedPlan> plans, long nextOffset) {
    }

    /** A slow statement as logged: {@code logLine} is the byte offset of its line, which identifies it in its file. */
    record LoggedPlan(String loggedAt, double durationMs, String applicationName, String roleName, Long queryId, String query,
                     List<String> parameters, JsonObject plan, JsonArray costliestNodes, long logLine) {

        JsonObject toJson() {
            return new JsonObject().put("logged_at", loggedAt).put("duration_ms", durationMs)
                    .put("application_name", applicationName).put("role_name", roleName).put("query_id", queryId)
                    .put("query", query).put("parameters", parameters == null ? null : new JsonArray(new ArrayList<>(parameters)))
                    .put("plan", plan).put("costliest_nodes", costliestNodes).put("log_line", logLine);
        }
    }

    /**
     * The slow queries of database {@code database} in {@code bytes}, read from {@code offset} of a
     * file. A line cut off at the end is left for the next chunk; a line that is not JSON is skipped.
     */
    static Chunk parse(byte[] bytes, long offset, String database) {
        List<Long> offsets = new ArrayList<>();
        List<JsonObject> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                try {
                    entries.add(new JsonObject(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                    offsets.add(offset + start);
                } catch (DecodeException | ClassCastException e) {
                    // not an entry of the JSON log: nothing to collect from it
                }
                start = i + 1;
            }
        }
        List<LoggedPlan> found = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.get(i);
            Matcher plan = PLAN.matcher(entry.getString("message", ""));
            if (!database.equals(entry.getString("dbname")) || !plan.matches()) {
                continue;
            }
            JsonObject explained;
            try {
                explained = new JsonObject(plan.group(2));
            } catch (DecodeException e) {
                continue;
            }
            Object queryId = entry.getValue("query_id");
            found.add(new LoggedPlan(entry.getString("timestamp"), Double.parseDouble(plan.group(1)), entry.getString("application_name"),
                    entry.getString("user"), queryId instanceof Number n && n.longValue() != 0 ? n.longValue() : null,
                    explained.getString("Query Text", ""), parametersOf(entries, i), explained,
                    PlanNodes.costliest(explained.getJsonObject("Plan", new JsonObject()), 3), offsets.get(i)));
        }
        return new Chunk(found, offset + start);
    }

    /**
     * The parameters of the statement's {@code duration:} line: the nearest line of the same session
     * and statement, before the plan (the server logs an execution when its Execute message ends, and
     * the plan when its portal is dropped) or after it; null when the chunk holds none.
     */
    private static List<String> parametersOf(List<JsonObject> entries, int planIndex) {
        JsonObject plan = entries.get(planIndex);
        for (int distance = 1; distance < entries.size(); distance++) {
            for (int i : new int[] {planIndex - distance, planIndex + distance}) {
                if (i >= 0 && i < entries.size() && sameExecution(plan, entries.get(i))) {
                    String detail = entries.get(i).getString("detail", "");
                    return detail.startsWith(PARAMETERS) ? parameters(detail.substring(PARAMETERS.length())) : List.of();
                }
            }
        }
        return null;
    }

    private static boolean sameExecution(JsonObject plan, JsonObject entry) {
        return plan.getString("session_id", "").equals(entry.getString("session_id"))
                && Objects.equals(plan.getValue("query_id"), entry.getValue("query_id"))
                && STATEMENT.matcher(entry.getString("message", "")).find();
    }

    /** {@code $1 = '42', $2 = 'it''s', $3 = NULL} as a list in order; NULL as a null element. */
    static List<String> parameters(String text) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf(" = ", i);
            if (equals < 0) {
                break;
            }
            i = equals + 3;
            if (text.startsWith("NULL", i)) {
                values.add(null);
                i += 4;
            } else if (i < text.length() && text.charAt(i) == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                values.add(value.toString());
            } else {
                break;
            }
        }
        return values;
    }
}
