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

  public FusionModel load(String version) throws IOException {
    Path dir = isModel(root) && root.getFileName().toString().equals(version) ? root : root.resolve(version);
    if (!isModel(dir) || !dir.normalize().startsWith(root.normalize())) {
      throw new IOException("no model version '" + version + "' under " + root);
    }
    return FusionModel.load(dir);
  }

  private static boolean isModel(Path dir) {
    return Files.isRegularFile(dir.resolve(FusionModel.DESCRIPTOR));
  }
}
