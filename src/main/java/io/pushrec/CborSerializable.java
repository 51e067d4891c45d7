package io.pushrec;

/**
 * Marker for every message and persisted event that crosses a node or goes to Cassandra.
 * Bound to Jackson CBOR in application.conf, so Java serialisation is never used.
 */
public interface CborSerializable {}
