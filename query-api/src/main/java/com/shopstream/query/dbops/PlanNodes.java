package com.shopstream.query.dbops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The nodes of a JSON plan ({@code EXPLAIN (FORMAT JSON)}, auto_explain) that cost the most
 * themselves: a node's own cost is its total cost less its children's, so a join over two scans is
 * not blamed for them.
 */
final class PlanNodes {

    private PlanNodes() {
    }

    private record Node(JsonObject plan, double ownCost) {
    }

    static JsonArray costliest(JsonObject plan, int count) {
        List<Node> nodes = new ArrayList<>();
        collect(plan, nodes);
        nodes.sort(Comparator.comparingDouble(Node::ownCost).reversed());
        JsonArray costliest = new JsonArray();
        nodes.stream().limit(count).forEach(node -> costliest.add(new JsonObject()
                .put("nodeType", node.plan().getString("Node Type"))
                .put("relation", node.plan().getString("Relation Name"))
                .put("index", node.plan().getString("Index Name"))
                .put("filter", node.plan().getString("Filter"))
                .put("ownCost", Math.round(node.ownCost() * 100) / 100.0)
                .put("totalCost", node.plan().getDouble("Total Cost"))
                .put("planRows", node.plan().getValue("Plan Rows"))));
        return costliest;
    }

    /** The plan's total cost: its root node's. */
    static double totalCost(JsonObject explained) {
        return explained.getJsonObject("Plan", new JsonObject()).getDouble("Total Cost", 0.0);
    }

    private static void collect(JsonObject plan, List<Node> nodes) {
        double children = 0;
        for (Object child : plan.getJsonArray("Plans", new JsonArray())) {
            if (child instanceof JsonObject node) {
                children += node.getDouble("Total Cost", 0.0);
                collect(node, nodes);
            }
        }
        nodes.add(new Node(plan, Math.max(0, plan.getDouble("Total Cost", 0.0) - children)));
    }
}
