package com.shopstream.aggregator.store;

import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.function.Function;

/**
 * Rows turned into the parameters of a statement that reads them with {@code unnest} (see
 * {@link StoreSql}): one array per column, in parameter order, with any plain
 * value parameters among them. A batch of any size is then one statement with a fixed text,
 * prepared once.
 */
final class UnnestColumns<T> {

    private final Collection<T> rows;
    private final Tuple parameters = Tuple.tuple();

    private UnnestColumns(Collection<T> rows) {
        this.rows = rows;
    }

    static <T> UnnestColumns<T> of(Collection<T> rows) {
        return new UnnestColumns<>(rows);
    }

    /** The next parameter: an array of {@code type} holding each row's value. */
    <C> UnnestColumns<T> column(Class<C> type, Function<? super T, ? extends C> value) {
        @SuppressWarnings("unchecked")
        C[] column = (C[]) Array.newInstance(type, rows.size());
        int i = 0;
        for (T row : rows) {
            column[i++] = value.apply(row);
        }
        parameters.addValue(column);
        return this;
    }

    /** The next parameter: one value, the same for every row. */
    UnnestColumns<T> value(Object value) {
        parameters.addValue(value);
        return this;
    }

    Tuple parameters() {
        return parameters;
    }
}
