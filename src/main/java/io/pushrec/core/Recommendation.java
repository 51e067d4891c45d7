package io.pushrec.core;

/** One recommended item, with the evidence from the user's own behaviour that put it there. */
public record Recommendation(String itemId, double score, String reason) {}
