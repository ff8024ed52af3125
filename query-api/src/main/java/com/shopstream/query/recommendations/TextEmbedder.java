package com.shopstream.query.recommendations;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, run in this process by ONNX Runtime: 384 dimensions,
 * unit length, so cosine distance ranks them. Each call blocks for milliseconds of CPU per text:
 * call it from worker threads, never from an event loop. The model loads in the background from
 * construction, seconds of CPU, and the first calls wait for it: query-api listens without waiting,
 * so a restarted instance serves its other answers at once.
 */
public final class TextEmbedder {

    static final int DIMENSIONS = 384;

    private final CompletableFuture<EmbeddingModel> model = CompletableFuture.supplyAsync(AllMiniLmL6V2EmbeddingModel::new);

    /** What a product is embedded from: the words a shopper would use to describe or look for it. */
    public static String productText(String name, String brand, String category, String description) {
        return name + ". " + brand + ". " + category + ". " + description;
    }

    public float[] embed(String text) {
        return model.join().embed(text).content().vector();
    }

    List<float[]> embedAll(List<String> texts) {
        return model.join().embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(Embedding::vector)
                .toList();
    }
}
