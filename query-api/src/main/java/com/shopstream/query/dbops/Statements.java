package com.shopstream.query.dbops;

import java.util.List;

/**
 * A logged statement made runnable on its own: its parameters ({@code $1}, {@code $2}, ...) replaced
 * by the values the server logged for them, as quoted literals (or NULL) whose type the statement
 * decides, as it would for the parameters. Text inside quotes is left alone.
 */
final class Statements {

    private Statements() {
    }

    /**
     * The statement with each parameter replaced by its value.
     *
     * @throws IllegalArgumentException when a parameter has no value
     */
    static String inline(String statement, List<String> values) {
        StringBuilder out = new StringBuilder(statement.length());
        char quote = 0;
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
                i++;
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
                i++;
            } else if (c == '$' && i + 1 < statement.length() && Character.isDigit(statement.charAt(i + 1))) {
                int end = i + 1;
                while (end < statement.length() && Character.isDigit(statement.charAt(end))) {
                    end++;
                }
                int number = Integer.parseInt(statement.substring(i + 1, end));
                if (number > values.size()) {
                    throw new IllegalArgumentException("no value was logged for $" + number);
                }
                String value = values.get(number - 1);
                out.append(value == null ? "NULL" : "'" + value.replace("'", "''") + "'");
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
