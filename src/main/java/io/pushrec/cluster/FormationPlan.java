package io.pushrec.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * How a node gets into its cluster, decided again each time the cluster's member records are read.
 *
 * <p>Pekko lets the first seed node form a new cluster when no other seed answers in time. A first seed restarted
 * beside a running cluster that is slow to answer (a busy machine, a stalled seed) or that no longer includes
 * another seed then runs a second cluster on the same journal, where two incarnations of a user write the same
 * sequence numbers and one overwrites the other's acknowledged events. Here the first seed forms a cluster only
 * when the members' records in Cassandra show that no other node is alive, and have shown it for a while in which
 * the other seeds, asked to let it in, did not: records can be stale while their cluster runs (members that could
 * not reach Cassandra for longer than a record's life write again only once they can). Every other node, and the
 * first seed until then, keeps asking the seeds and the recorded members to let it in.
 */
public final class FormationPlan {
  private FormationPlan() {}

  /** What to do next. */
  public sealed interface Step {}

  /** Form a new cluster of this node alone. */
  public record Form() implements Step {}

  /** Join whichever of these nodes answers first, and never form a cluster alone. */
  public record JoinAny(List<Address> contacts) implements Step {}

  /**
   * @param seeds the configured seed nodes, in their configured order (the same on every node)
   * @param recordedAlive addresses of members that recorded themselves recently; this node's own address is that of a
   *     previous incarnation, which cannot run while this one holds its port
   * @param nobodyAliveFor how long the reads of the records, without a failed one between them, have shown no other
   *     member alive while this node asked the seeds to let it in; zero at the first such read
   * @param formAfter how long that must last before the first seed forms a cluster
   */
  public static Step next(Address self, List<Address> seeds, Set<Address> recordedAlive, Duration nobodyAliveFor,
      Duration formAfter) {
    boolean firstSeed = !seeds.isEmpty() && seeds.get(0).equals(self);
    return firstSeed && !othersAlive(self, recordedAlive) && nobodyAliveFor.compareTo(formAfter) >= 0
        ? new Form() : new JoinAny(contacts(self, seeds, recordedAlive));
  }

  /** Whether a member other than this node (or a previous incarnation of it) is recorded alive. */
  public static boolean othersAlive(Address self, Set<Address> recordedAlive) {
    return recordedAlive.stream().anyMatch(member -> !member.equals(self));
  }

  /** The seeds, then the other members recorded alive (which need not be seeds), without this node. */
  public static List<Address> contacts(Address self, List<Address> seeds, Set<Address> recordedAlive) {
    List<Address> contacts = new ArrayList<>();
    for (Address seed : seeds) if (!seed.equals(self)) contacts.add(seed);
    for (Address member : recordedAlive) if (!member.equals(self) && !contacts.contains(member)) contacts.add(member);
    return List.copyOf(contacts);
  }
}
