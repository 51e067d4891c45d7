package io.pushrec.core;

/** One entry of a user's recent behaviour sequence. */
public record Interaction(String itemId, EventType type, long timestampMillis) {}
