package io.seedfleet.cluster.catalogue;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Cluster addresses of the members that are up, as strings (the form holders are stored with). */
public final class LiveMembers {

  private LiveMembers() {}

  public static Set<String> of(ActorSystem<?> system) {
    Set<String> live = new HashSet<>();
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()) {
        live.add(m.address().toString());
      }
    }
    return live;
  }
}
