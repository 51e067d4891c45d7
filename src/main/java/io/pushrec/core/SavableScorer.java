package io.pushrec.core;

import java.io.IOException;
import java.nio.file.Path;

/** A fusion component that can write itself into a model directory for {@link ComponentLoader} to read back. */
public interface SavableScorer extends SequenceScorer {
  /** Names the {@link ComponentLoader} that reads the files back, e.g. "neighbourhood". */
  String kind();

  /** Writes this component's files into {@code dir}; every file name starts with {@code name + "."}. */
  void save(Path dir, String name) throws IOException;
}
