package io.pushrec.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one kind of fusion component back from a model directory. The built-in kinds are known to
 * {@link FusionModel}; other modules add theirs as a {@link java.util.ServiceLoader} provider
 * ({@code META-INF/services/io.pushrec.core.ComponentLoader}) so that every loader of a model directory,
 * the evaluator and the node alike, finds them without code changes.
 */
public interface ComponentLoader {
  String kind();

  /** @param items the model directory's item index; the component must score exactly these items */
  SavableScorer load(Path dir, String name, ItemIndex items) throws IOException;
}
