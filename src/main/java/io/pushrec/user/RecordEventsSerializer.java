package io.pushrec.user;

import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The wire format of the requests and the reply that cross nodes for nearly every event: {@link
 * UserEntity.RecordEvents} and {@link EventIntake.RecordBatch} from the HTTP edge to the users' node, and {@link
 * UserEntity.Recorded} back. Every other message keeps Jackson CBOR. Written by hand because Jackson spends more on these small messages (a parser and
 * generator per message, field names on the wire) than it costs to write the fields one after another; see
 * docs/cluster.md. Strings are bounded by the edge's validation (at most 512 characters), well within
 * {@link DataOutputStream#writeUTF}'s limit. Messages only, never persisted; a node of an older version cannot read
 * them, so upgrading to this format needs the two-step roll-out in docs/cluster.md.
 */
public final class RecordEventsSerializer extends SerializerWithStringManifest {
  private static final String RECORD_EVENTS = "E";
  private static final String RECORDED = "R";
  private static final String RECORD_BATCH = "B";
  /** First byte of every message, so the format can change in a later version that still reads this one. */
  private static final byte FORMAT = 1;

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public RecordEventsSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return 7_101;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof UserEntity.RecordEvents) return RECORD_EVENTS;
    if (o instanceof UserEntity.Recorded) return RECORDED;
    if (o instanceof EventIntake.RecordBatch) return RECORD_BATCH;
    throw new IllegalArgumentException("cannot serialize " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      if (o instanceof UserEntity.RecordEvents r) {
        out.writeUTF(resolver().toSerializationFormat(r.replyTo()));
        out.writeShort(r.events().size());
        for (BehaviourEvent e : r.events()) writeEvent(out, e);
      } else if (o instanceof EventIntake.RecordBatch b) {
        out.writeUTF(resolver().toSerializationFormat(b.replyTo()));
        out.writeShort(b.eventsByUser().size());
        for (Map.Entry<String, List<BehaviourEvent>> user : b.eventsByUser().entrySet()) {
          out.writeUTF(user.getKey());
          out.writeShort(user.getValue().size());
          for (BehaviourEvent e : user.getValue()) writeEvent(out, e);
        }
      } else if (o instanceof UserEntity.Recorded r) {
        out.writeInt(r.accepted());
        out.writeInt(r.duplicates());
      } else {
        throw new IllegalArgumentException("cannot serialize " + o.getClass());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) throw new NotSerializableException("unknown format " + format + " of " + manifest);
      switch (manifest) {
        case RECORD_EVENTS -> {
          ActorRef<UserEntity.Recorded> replyTo = resolver().resolveActorRef(in.readUTF());
          int count = in.readUnsignedShort();
          List<BehaviourEvent> events = new ArrayList<>(count);
          for (int i = 0; i < count; i++) events.add(readEvent(in));
          return new UserEntity.RecordEvents(events, replyTo);
        }
        case RECORD_BATCH -> {
          ActorRef<UserEntity.Recorded> replyTo = resolver().resolveActorRef(in.readUTF());
          int users = in.readUnsignedShort();
          Map<String, List<BehaviourEvent>> eventsByUser = new HashMap<>(users * 2);
          for (int u = 0; u < users; u++) {
            String userId = in.readUTF();
            int count = in.readUnsignedShort();
            List<BehaviourEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) events.add(readEvent(in));
            eventsByUser.put(userId, events);
          }
          return new EventIntake.RecordBatch(eventsByUser, replyTo);
        }
        case RECORDED -> {
          return new UserEntity.Recorded(in.readInt(), in.readInt());
        }
        default -> throw new NotSerializableException("unknown manifest " + manifest);
      }
    } catch (IOException e) {
      NotSerializableException failure = new NotSerializableException("unreadable " + manifest + ": " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private static void writeEvent(DataOutputStream out, BehaviourEvent e) throws IOException {
    out.writeUTF(e.eventId());
    out.writeUTF(e.type().name());
    writeNullable(out, e.itemId());
    writeNullable(out, e.query());
    out.writeLong(e.timestampMillis());
    out.writeShort(e.context().size());
    for (Map.Entry<String, String> c : e.context().entrySet()) {
      out.writeUTF(c.getKey());
      out.writeUTF(c.getValue());
    }
  }

  private static BehaviourEvent readEvent(DataInputStream in) throws IOException {
    String eventId = in.readUTF();
    EventType type = EventType.valueOf(in.readUTF());
    String itemId = readNullable(in);
    String query = readNullable(in);
    long timestamp = in.readLong();
    int contextSize = in.readUnsignedShort();
    Map<String, String> context = new HashMap<>(contextSize * 2);
    for (int i = 0; i < contextSize; i++) context.put(in.readUTF(), in.readUTF());
    return new BehaviourEvent(eventId, type, itemId, query, timestamp, context);
  }

  private static void writeNullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) out.writeUTF(value);
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /** Looked up on first use: serializers are created while the actor system is still starting. */
  private ActorRefResolver resolver() {
    if (resolver == null) resolver = ActorRefResolver.get(Adapter.toTyped(system));
    return resolver;
  }
}
