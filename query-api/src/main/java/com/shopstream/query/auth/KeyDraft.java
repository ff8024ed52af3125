package com.shopstream.query.auth;

import com.shopstream.common.api.ApiKey;
import com.shopstream.common.api.RateLimit;
import com.shopstream.common.api.Scope;
import com.shopstream.contract.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A key as {@code POST /v1/admin/keys} asks for it: {@code {"name", "scopes": ["read", ...],
 * "rateLimits": {"query": "5/s", "*": "unlimited"}}}, checked field by field.
 */
record KeyDraft(String name, Set<Scope> scopes, JsonObject rateLimits) {

    /** The outcome of reading a body: a draft, or the reasons it is not one. */
    record Result(KeyDraft draft, List<FieldError> errors) {
    }

    static Result read(Buffer body) {
        JsonObject json;
        try {
            json = body == null || body.length() == 0 ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            json = null;
        }
        if (json == null) {
            return new Result(null, List.of(new FieldError(0, "body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        Object name = json.getValue("name");
        if (!(name instanceof String text) || text.isBlank() || text.length() > 100) {
            errors.add(new FieldError(0, "name", "is required: a text of 1 to 100 characters"));
        }
        Set<Scope> scopes = scopes(json.getValue("scopes"), errors);
        JsonObject rateLimits = new JsonObject();
        Object limits = json.getValue("rateLimits");
        if (limits instanceof JsonObject given) {
            try {
                Map<String, RateLimit> parsed = ApiKey.parseRateLimits(given);
                parsed.forEach((endpointClass, limit) -> rateLimits.put(endpointClass, limit.toString()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(0, "rateLimits", e.getMessage()));
            }
        } else if (limits != null) {
            errors.add(new FieldError(0, "rateLimits", "must be an object of endpoint class to limit, such as {\"query\": \"5/s\"}"));
        }
        return errors.isEmpty()
                ? new Result(new KeyDraft(((String) name).trim(), scopes, rateLimits), List.of())
                : new Result(null, errors);
    }

    private static Set<Scope> scopes(Object value, List<FieldError> errors) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (!(value instanceof JsonArray list) || list.isEmpty()) {
            errors.add(new FieldError(0, "scopes", "is required: a non-empty list of read, write, admin"));
            return scopes;
        }
        for (int i = 0; i < list.size(); i++) {
            Scope scope = list.getValue(i) instanceof String label ? Scope.of(label) : null;
            if (scope == null) {
                errors.add(new FieldError(0, "scopes[" + i + "]", "must be read, write or admin"));
            } else {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    String[] scopeLabels() {
        return scopes.stream().map(Scope::label).sorted().toArray(String[]::new);
    }
}
