package com.shopstream.contract;

/**
 * What any text the system stores must be: valid Unicode without control characters. PostgreSQL
 * refuses a NUL in text outright, and control characters and lone surrogates in names, ids or
 * search terms are never meant; refusing them at the door keeps them out of every store, log and
 * answer. Free text that may span lines (a product description) may hold tabs and line breaks.
 */
public final class Text {

    private Text() {
    }

    /** Why the text cannot be stored, or null when it can; line breaks and tabs are allowed only if {@code multiline}. */
    public static String problem(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                    continue;
                }
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + " at position " + i + ")";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode (an unpaired surrogate at position " + i + ")";
            }
        }
        return null;
    }

    /** The text as an error message may quote it: at most {@code max} characters, control characters escaped. */
    public static String quote(String text, int max) {
        StringBuilder quoted = new StringBuilder("'");
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(text.length() > max ? "…'" : "'").toString();
    }
}
