package io.pushrec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "pushrec", mixinStandardHelpOptions = true, version = "pushrec 0.1.0",
    description = "Real-time personalised push engine for e-commerce.",
    subcommands = {
        DevCommand.class,
        NodeCommand.class,
        CassandraCommand.class,
        ClusterCommand.class,
        KillTestCommand.class,
        EvalCommand.class,
        TrainCommand.class,
        ScoringBenchCommand.class,
        AnnBenchCommand.class,
        BenchCommand.class,
        ReplayCommand.class,
        ImportCommand.class,
        FitProjectionCommand.class,
        OnlineEvalCommand.class,
    })
public final class PushrecCli {
  public static void main(String[] args) {
    int code = new CommandLine(new PushrecCli()).execute(args);
    if (code != 0) System.exit(code);
  }
}
