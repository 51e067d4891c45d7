package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {
  @TempDir
  Path dir;

  @Test
  void oneEventPerUserMakesEveryEventOfTheReplayANewUsers() throws Exception {
    Path log = dir.resolve("log.txt");
    Files.writeString(log, "1 10\n1 11\n1 12\n2 10\n2 13\n3 14\n");
    Workload replay = Workload.replay(log, 2, 1, 0, 7);
    Set<String> users = new HashSet<>();
    for (int i = 0; i < 30; i++) users.add(replay.next().userId());
    assertEquals(30, users.size(), "after the log's 3 users it starts over with fresh ids: " + users);
  }

  @Test
  void withoutACutEachUserReplaysItsWholeHistory() throws Exception {
    Path log = dir.resolve("log.txt");
    Files.writeString(log, "1 10\n1 11\n1 12\n");
    Workload replay = Workload.replay(log, 1, Integer.MAX_VALUE, 0, 7);
    assertEquals("10", replay.next().itemId());
    assertEquals("11", replay.next().itemId());
    assertEquals("12", replay.next().itemId());
  }

  @Test
  void aListenedSlotTakesANewUserForEachHistoryAndNamesItsSlot() throws Exception {
    Path log = dir.resolve("log.txt");
    Files.writeString(log, "1 10\n1 11\n2 12\n3 13\n3 14\n");
    Workload replay = Workload.replay(log, 1, Integer.MAX_VALUE, 1, 7);
    assertEquals(List.of("listened-0-0"), replay.listenedUsers());
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Workload.Event e = replay.next();
      assertEquals(0, e.listenedSlot());
      users.add(e.userId());
    }
    assertEquals(List.of("listened-0-0", "listened-0-0", "listened-0-1", "listened-0-2", "listened-0-2"), users,
        "one id per history, so no listened user outlives the push caps");
    assertEquals(-1, Workload.replay(log, 2, Integer.MAX_VALUE, 0, 7).next().listenedSlot());
  }
}
