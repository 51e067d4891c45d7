package io.pushrec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class FormationPlanTest {
  private static final Address NODE1 = node(25721);
  private static final Address NODE2 = node(25722);
  private static final Address NODE3 = node(25723);
  private static final List<Address> SEEDS = List.of(NODE1, NODE2);

  @Test
  void theFirstSeedFormsTheClusterWhenNoOtherMemberIsRecordedAlive() {
    assertEquals(new FormationPlan.Form(), FormationPlan.next(NODE1, SEEDS, Set.of()));
  }

  @Test
  void itsOwnRecordIsThatOfAPreviousIncarnationAndDoesNotHoldTheFirstSeedBack() {
    assertEquals(new FormationPlan.Form(), FormationPlan.next(NODE1, SEEDS, Set.of(NODE1)));
  }

  @Test
  void aFirstSeedRestartedBesideARunningClusterJoinsItThroughSeedsAndRecordedMembers() {
    // Node 3 is no seed: with node 2 gone, only its record tells the first seed where the cluster is.
    assertEquals(new FormationPlan.JoinAny(List.of(NODE2, NODE3)),
        FormationPlan.next(NODE1, SEEDS, Set.of(NODE1, NODE3)));
  }

  @Test
  void noOtherNodeEverFormsAClusterEvenWithNothingRecorded() {
    assertEquals(new FormationPlan.JoinAny(List.of(NODE1)), FormationPlan.next(NODE2, SEEDS, Set.of()));
    assertEquals(new FormationPlan.JoinAny(List.of(NODE1, NODE2)), FormationPlan.next(NODE3, SEEDS, Set.of(NODE3)));
  }

  private static Address node(int port) {
    return new Address("pekko", "pushrec", "127.0.0.1", port);
  }
}
