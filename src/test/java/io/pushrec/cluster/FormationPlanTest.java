package io.pushrec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class FormationPlanTest {
  private static final Address NODE1 = node(25721);
  private static final Address NODE2 = node(25722);
  private static final Address NODE3 = node(25723);
  private static final List<Address> SEEDS = List.of(NODE1, NODE2);
  private static final Duration FORM_AFTER = Duration.ofSeconds(6);

  @Test
  void theFirstSeedFormsTheClusterOnceNoOtherMemberHasBeenRecordedAliveForAWhile() {
    assertEquals(new FormationPlan.Form(), FormationPlan.next(NODE1, SEEDS, Set.of(), FORM_AFTER, FORM_AFTER));
  }

  @Test
  void untilThenItAsksTheOtherSeedsWhichMayBeUpWithStaleRecords() {
    assertEquals(new FormationPlan.JoinAny(List.of(NODE2)),
        FormationPlan.next(NODE1, SEEDS, Set.of(), Duration.ofSeconds(3), FORM_AFTER));
    assertEquals(new FormationPlan.JoinAny(List.of()),
        FormationPlan.next(NODE1, List.of(NODE1), Set.of(), Duration.ZERO, FORM_AFTER));
  }

  @Test
  void itsOwnRecordIsThatOfAPreviousIncarnationAndDoesNotHoldTheFirstSeedBack() {
    assertEquals(new FormationPlan.Form(), FormationPlan.next(NODE1, SEEDS, Set.of(NODE1), FORM_AFTER, FORM_AFTER));
  }

  @Test
  void aFirstSeedRestartedBesideARunningClusterJoinsItThroughSeedsAndRecordedMembers() {
    // Node 3 is no seed: with node 2 gone, only its record tells the first seed where the cluster is.
    assertEquals(new FormationPlan.JoinAny(List.of(NODE2, NODE3)),
        FormationPlan.next(NODE1, SEEDS, Set.of(NODE1, NODE3), Duration.ZERO, FORM_AFTER));
  }

  @Test
  void noOtherNodeEverFormsAClusterEvenWithNothingRecorded() {
    Duration anHour = Duration.ofHours(1);
    assertEquals(new FormationPlan.JoinAny(List.of(NODE1)),
        FormationPlan.next(NODE2, SEEDS, Set.of(), anHour, FORM_AFTER));
    assertEquals(new FormationPlan.JoinAny(List.of(NODE1, NODE2)),
        FormationPlan.next(NODE3, SEEDS, Set.of(NODE3), anHour, FORM_AFTER));
  }

  private static Address node(int port) {
    return new Address("pekko", "pushrec", "127.0.0.1", port);
  }
}
