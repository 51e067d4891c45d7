package io.pushrec.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An A/B test of push strategies. Each user lands in one variant by a stable hash of the experiment name
 * and the user id: the same user gets the same variant on every node and after every restart, and
 * renaming the experiment reshuffles everyone.
 *
 * @param variants the first one is the control the others are tested against
 */
public record Experiment(String name, List<Variant> variants) {

  /**
   * One strategy under test.
   *
   * @param weight share of users, relative to the other variants' weights
   * @param scorer "default" (the node's scorer) or "popularity"
   * @param copyStyle which push text template the variant uses, see {@link PushCopy}
   */
  public record Variant(String name, int weight, String scorer, int minNewItems, double minScoreGain,
      PushCopy.Style copyStyle) {
    public Variant {
      if (weight < 1) throw new IllegalArgumentException("variant " + name + ": weight must be at least 1");
      if (!scorer.equals("default") && !scorer.equals("popularity"))
        throw new IllegalArgumentException("variant " + name + ": scorer must be default or popularity");
    }

    public PushPolicy applyTo(PushPolicy policy) {
      return policy.withMinNewItems(Math.min(minNewItems, policy.pushSize())).withMinScoreGain(minScoreGain);
    }
  }

  public Experiment {
    variants = List.copyOf(variants);
    if (variants.isEmpty()) throw new IllegalArgumentException("experiment " + name + " needs a variant");
    if (variants.stream().map(Variant::name).distinct().count() != variants.size())
      throw new IllegalArgumentException("experiment " + name + ": variant names must differ");
  }

  /** One variant that leaves the policy as configured: no experiment running. */
  public static Experiment single(PushPolicy policy) {
    return new Experiment("none", List.of(
        new Variant("control", 1, "default", policy.minNewItems(), policy.minScoreGain(), PushCopy.Style.ITEM_FIRST)));
  }

  public Variant control() {
    return variants.get(0);
  }

  public Variant assign(String userId) {
    int total = variants.stream().mapToInt(Variant::weight).sum();
    long bucket = Long.remainderUnsigned(fnv1a(name + "\u0000" + userId), total);
    for (Variant v : variants) {
      bucket -= v.weight();
      if (bucket < 0) return v;
    }
    throw new IllegalStateException("unreachable: buckets cover the total weight");
  }

  /** FNV-1a: fixed by its spec, unlike String.hashCode's documented-but-weak mixing of similar ids. */
  public static long fnv1a(String s) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
