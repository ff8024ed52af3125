package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipelined commands whose keys may lie in different Redis Cluster slots. On a single node they go
 * as one batch. On a cluster a batch must keep to one node, so they go as one batch per hash tag
 * (or per key, for keys without one), all sent at once. Either way the replies come back in the
 * order the commands were added.
 */
public final class RedisBatch {

    private final List<Request> requests = new ArrayList<>();
    private final List<String> slotKeys = new ArrayList<>();

    /** Adds a command on {@code key} (and, if on more, only on keys of the same slot); returns its reply's index. */
    public int add(String key, Request request) {
        requests.add(request);
        slotKeys.add(slotKey(key));
        return requests.size() - 1;
    }

    public Future<List<Response>> send(Redis redis) {
        if (requests.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        if (!(redis instanceof TimedRedis timed && timed.cluster())) {
            return redis.batch(requests);
        }
        Map<String, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            bySlot.computeIfAbsent(slotKeys.get(i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(bySlot.values());
        List<Future<List<Response>>> sent = new ArrayList<>(groups.size());
        for (List<Integer> group : groups) {
            sent.add(redis.batch(group.stream().map(requests::get).toList()));
        }
        return Future.all(sent).map(all -> {
            Response[] replies = new Response[requests.size()];
            for (int g = 0; g < groups.size(); g++) {
                List<Response> groupReplies = sent.get(g).result();
                List<Integer> indexes = groups.get(g);
                for (int j = 0; j < indexes.size(); j++) {
                    replies[indexes.get(j)] = groupReplies.get(j);
                }
            }
            return Arrays.asList(replies);
        });
    }

    /** What decides a key's slot: its hash tag, the text inside its first {...} if not empty, or else the whole key. */
    static String slotKey(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }
}
