package io.pushrec.model;

/**
 * The shape of a SASRec encoder. Everything here is needed to rebuild the network from its weights file.
 *
 * @param numItems catalogue size; item embeddings double as the output layer
 * @param dim embedding and hidden width
 * @param maxLength the encoder sees the last maxLength items of a history
 * @param blocks causal self-attention blocks
 * @param dropout dropout rate, applied only while training
 */
public record SasRecConfig(int numItems, int dim, int maxLength, int blocks, float dropout) {
  public SasRecConfig {
    if (numItems < 1 || dim < 2 || maxLength < 1 || blocks < 0) throw new IllegalArgumentException("bad shape");
    if (dropout < 0f || dropout >= 1f) throw new IllegalArgumentException("dropout must be in [0, 1)");
  }
}
