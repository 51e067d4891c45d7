package io.pushrec.cli;

import io.pushrec.catalog.CatalogFile;
import io.pushrec.catalog.ContentVectors;
import io.pushrec.catalog.MiniLmTextEncoder;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.ColdStartEvaluation;
import io.pushrec.core.CooccurrenceEmbedding;
import io.pushrec.core.InteractionLog;
import io.pushrec.core.RidgeProjection;
import io.pushrec.core.SequenceDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fit-projection", mixinStandardHelpOptions = true,
    description = "Fits the content→collaborative projection that gives new items a collaborative vector from their "
        + "text; with --holdout, first reports cold-start HR@10/NDCG@10 on held-out items.")
final class FitProjectionCommand implements Callable<Integer> {
  @Option(names = "--items", required = true, description = "Catalogue, JSON Lines (itemId, title, ...).")
  Path itemsFile;

  @Option(names = "--data", required = true, description = "Behaviour log whose items the catalogue describes.")
  Path dataFile;

  @Option(names = "--format", defaultValue = "s3rec", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--item-vectors", description = "Collaborative item vectors of a trained model, one line per "
      + "item: ITEM_ID v1 v2 ... (default: learned here from item co-occurrence).")
  Path itemVectorsFile;

  @Option(names = "--dimension", defaultValue = "64", description = "Dimension of co-occurrence vectors (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--holdout", defaultValue = "0.1", description = "Share of items held out as new for the "
      + "cold-start report; 0 skips it (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(names = "--lambda", description = "Ridge penalty (default: the one the cold-start validation picks, else 3).")
  Double lambda;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--cache", description = "File caching item text vectors between runs (default: OUT/content-vectors.bin).")
  Path cacheFile;

  @Option(names = "--out", required = true, description = "Directory for projection.bin.")
  Path outDir;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(outDir);
    SequenceDataset data = SequenceDataset.read(dataFile,
        InteractionLog.Format.valueOf(format.toUpperCase(Locale.ROOT)));
    Map<String, CatalogItem> catalogue = new HashMap<>();
    for (CatalogItem item : CatalogFile.read(itemsFile)) catalogue.put(item.itemId(), item);
    List<CatalogItem> items = new ArrayList<>(data.numItems());
    for (String id : data.items().ids()) items.add(catalogue.getOrDefault(id, CatalogItem.discovered(id)));
    MiniLmTextEncoder encoder = new MiniLmTextEncoder();
    long started = System.nanoTime();
    float[][] content = ContentVectors.encode(items, encoder,
        cacheFile == null ? outDir.resolve("content-vectors.bin") : cacheFile,
        n -> System.err.printf("  encoded %d titles%n", n));
    System.err.printf("Content vectors of %d items ready in %.1f s%n", items.size(), (System.nanoTime() - started) / 1e9);

    double chosenLambda = lambda == null ? 3 : lambda;
    if (holdout > 0) {
      started = System.nanoTime();
      ColdStartEvaluation.Report report = ColdStartEvaluation.run(data, content, encoder.name(),
          new ColdStartEvaluation.Settings(holdout, dimension, seed));
      printReport(report, (System.nanoTime() - started) / 1e9);
      if (lambda == null) chosenLambda = report.lambda();
    }
    float[][] collaborative = itemVectorsFile != null ? readItemVectors(data, itemVectorsFile)
        : CooccurrenceEmbedding.fit(trainingSequences(data), data.numItems(), dimension, seed);
    List<float[]> x = new ArrayList<>();
    List<float[]> y = new ArrayList<>();
    for (int i = 0; i < data.numItems(); i++) {
      if (collaborative[i] == null || isZero(collaborative[i])) continue;
      x.add(content[i]);
      y.add(collaborative[i]);
    }
    RidgeProjection projection = RidgeProjection.fit(encoder.name(), x.toArray(float[][]::new),
        y.toArray(float[][]::new), chosenLambda);
    Path out = outDir.resolve("projection.bin");
    projection.save(out);
    System.err.printf("Projection %d → %d fitted on %d warm items (lambda %.1f), written to %s%n",
        projection.inputDimension(), projection.outputDimension(), x.size(), chosenLambda, out);
    return 0;
  }

  private static int[][] trainingSequences(SequenceDataset data) {
    io.pushrec.core.LeaveOneOutSplit split = new io.pushrec.core.LeaveOneOutSplit(data);
    int[][] train = new int[data.numUsers()][];
    for (int u = 0; u < data.numUsers(); u++) train[u] = split.train(u);
    return train;
  }

  private static float[][] readItemVectors(SequenceDataset data, Path file) throws IOException {
    float[][] vectors = new float[data.numItems()][];
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.trim().split("\\s+");
      int i = data.items().indexOf(parts[0]);
      if (parts.length < 2 || i < 0) continue;
      vectors[i] = new float[parts.length - 1];
      for (int k = 1; k < parts.length; k++) vectors[i][k - 1] = Float.parseFloat(parts[k]);
    }
    return vectors;
  }

  private static boolean isZero(float[] v) {
    for (float x : v) if (x != 0) return false;
    return true;
  }

  private static void printReport(ColdStartEvaluation.Report r, double seconds) {
    System.out.printf("Cold start: %d items, %d held out as new, %d test cases whose target is new; lambda %.1f "
        + "chosen on validation; %.1f s%n", r.items(), r.newItems(), r.testCases(), r.lambda(), seconds);
    System.out.println("| method | HR@10 all | NDCG@10 all | HR@10 among new | NDCG@10 among new |");
    System.out.println("| --- | --- | --- | --- | --- |");
    r.all().forEach((method, all) -> {
      ColdStartEvaluation.Metrics fresh = r.newOnly().get(method);
      System.out.printf("| %s | %.4f | %.4f | %.4f | %.4f |%n", method, all.hr(), all.ndcg(), fresh.hr(), fresh.ndcg());
    });
  }
}
