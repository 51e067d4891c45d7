package io.pushrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CassandraCommandTest {
  @TempDir
  Path dir;

  @Test
  void aHeapThatIsNotASizeIsRefusedBeforeAnythingStarts() {
    Path data = dir.resolve("data");
    int code = new CommandLine(new CassandraCommand()).execute("--heap", "lots", "--data-dir", data.toString());
    assertEquals(2, code);
    assertFalse(Files.exists(data), "nothing was started or created");
  }
}
