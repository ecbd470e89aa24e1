package com.dlpguard.model;

import com.dlpguard.json.Json;
import com.google.gson.JsonElement;

import java.util.Objects;

/**
 * The ARM document a model record was read from, as compact JSON text ({@link Json#compact}).
 *
 * <p>Why lazy: every record the estate builder maps keeps its document, but only the few records
 * with drift are ever rendered (a plan writer's minimal PUT body, the what-if documents, the
 * self-check). Rendering all of them eagerly was a fifth of a 5,000-subnet sweep's allocations,
 * and an NSG's text was rendered once whole and then again rule by rule. So the document holds
 * the parsed tree and renders on first use, once.
 *
 * <p>Why it stays immutable: a Gson tree is mutable. {@link #ofOwnedTree} is only for a tree its
 * caller hands over for good: nobody may change it afterwards, or the text would show something
 * that was never read (a rollback body built from it would then write it). The estate builder
 * deep-copies what it is not given ownership of ({@code EstateBuilder.add} versus {@code addOwned}).
 * Subtrees of one owned tree may back several documents (an NSG and its inline rules): they are
 * only ever read.
 *
 * <p>Thread-safe: records are shared across reconcile threads. Two threads rendering at once both
 * render the same unchanged tree to the same text; once rendered, the tree is dropped.
 * Equality, hash code and {@link #toString()} are those of the text (as when the records held a
 * {@code String}), so they render it: nothing per event or per sweep compares or prints whole
 * records.
 */
public final class ResourceDocument {
    /** The rendered {@link String}, or the {@link JsonElement} not rendered yet. */
    private volatile Object state;

    private ResourceDocument(Object state) {
        this.state = state;
    }

    /** Text already rendered (tests, and documents that never were a tree). */
    public static ResourceDocument ofText(String text) {
        return new ResourceDocument(Objects.requireNonNull(text, "text"));
    }

    /** A tree its caller will never change again (see the class comment); rendered on first use. */
    public static ResourceDocument ofOwnedTree(JsonElement tree) {
        return new ResourceDocument(Objects.requireNonNull(tree, "tree"));
    }

    /** The compact JSON text, the bytes {@link Json#compact} gives for the tree. */
    public String text() {
        Object s = state;
        if (s instanceof String text) {
            return text;
        }
        String text = Json.compact((JsonElement) s);
        state = text;
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ResourceDocument other && text().equals(other.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
