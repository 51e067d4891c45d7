package io.pushrec.cli;

import io.pushrec.model.SasRecModel;
import io.pushrec.model.ScoringCost;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-scoring", mixinStandardHelpOptions = true,
    description = "Per-event cost of the sequence model (encode + score every item + top-k) on one thread, for the "
        + "trained catalogue and a synthetic larger one, beside one plain pass over the same item matrix.")
final class ScoringBenchCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "A model directory written by `pushrec train`.")
  Path model;

  @Option(names = "--synthetic-items", defaultValue = "200000",
      description = "Items of the synthetic catalogue, same model shape (default: ${DEFAULT-VALUE}; 0 skips it).")
  int syntheticItems;

  @Option(names = "--calls", defaultValue = "2000", description = "Timed events per catalogue (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = "--k", defaultValue = "24", description = "Top items kept per event (default: ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws Exception {
    SasRecModel trained = SasRecModel.load(model);
    print("trained", ScoringCost.measure(trained, calls, k, 1));
    if (syntheticItems > 0) {
      print("synthetic", ScoringCost.measure(ScoringCost.synthetic(trained.config(), syntheticItems, 2), calls, k, 1));
    }
    return 0;
  }

  private static void print(String name, ScoringCost.Figures f) {
    System.out.printf(Locale.ROOT, "%-9s %,8d items x %d: encode+score+top-k median %.3f ms, p99 %.3f ms "
            + "(encode alone %.3f ms); plain pass over the matrix %.3f ms; ratio %.2f (%d calls, one thread)%n",
        name, f.items(), f.dim(), f.medianMillis(), f.p99Millis(), f.encodeMillis(), f.plainPassMillis(),
        f.ratioToPlainPass(), f.calls());
  }
}
