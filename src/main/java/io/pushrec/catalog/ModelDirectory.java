package io.pushrec.catalog;

import io.pushrec.core.FusionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where trained models live: a root holding one directory per version, named so that the newest sorts last
 * (as {@code pushrec train} names them). A version is complete once its {@code fusion.json} exists.
 */
public record ModelDirectory(Path root) {

  /** The newest complete version, or empty when nothing has been trained yet. */
  public Optional<String> newestVersion() throws IOException {
    if (isModel(root)) return Optional.of(root.getFileName().toString());
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(ModelDirectory::isModel).map(p -> p.getFileName().toString()).max(Comparator.naturalOrder());
    }
  }

  /**
   * Enough rankings for the JIT to take the scoring loops to its optimising compiler (a few hundred: about a second of
   * a node's start with the Games model; tiny test models take milliseconds).
   */
  static final int WARM_UP_RANKINGS = 300;

  /** The version's model, warmed up for serving ({@link FusionModel#warmUp}). */
  public FusionModel load(String version) throws IOException {
    Path dir = isModel(root) && root.getFileName().toString().equals(version) ? root : root.resolve(version);
    if (!isModel(dir) || !dir.normalize().startsWith(root.normalize())) {
      throw new IOException("no model version '" + version + "' under " + root);
    }
    FusionModel model = FusionModel.load(dir);
    model.warmUp(WARM_UP_RANKINGS);
    return model;
  }

  private static boolean isModel(Path dir) {
    return Files.isRegularFile(dir.resolve(FusionModel.DESCRIPTOR));
  }
}
