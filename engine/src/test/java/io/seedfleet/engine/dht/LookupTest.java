package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.bencode.BBytes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The lookup state machine against a simulated network held in memory: each fake node knows its
 * own closest neighbours plus a few random ones, answers find_node with the 8 it knows closest to
 * the target, and some nodes never answer.
 */
class LookupTest {
  private final Random random = new Random(11);

  private final class Network {
    final List<Contact> nodes = new ArrayList<>();
    final Set<NodeId> dead = new HashSet<>();
    final Set<NodeId> liars = new HashSet<>();
    int queries;

    Network(int size) {
      for (int i = 0; i < size; i++) {
        nodes.add(new Contact(NodeId.random(random), new InetSocketAddress("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255), 6881)));
      }
    }

    List<Contact> knownBy(Contact node) {
      List<Contact> known = new ArrayList<>(sortedBy(node.id()).subList(1, 17));
      for (int i = 0; i < 8; i++) {
        known.add(nodes.get(random.nextInt(nodes.size())));
      }
      return known;
    }

    List<Contact> sortedBy(NodeId target) {
      return nodes.stream().sorted(Comparator.comparing(Contact::id, target::compareDistance)).toList();
    }

    /** Runs the lookup to completion; queries to dead nodes time out. */
    Lookup run(NodeId target, List<Contact> seeds) {
      Lookup lookup = new Lookup(target, seeds);
      for (int round = 0; round < 1000 && !lookup.isDone(); round++) {
        for (Contact c : lookup.nextQueries()) {
          queries++;
          if (dead.contains(c.id())) {
            lookup.onFailure(c.id());
          } else if (liars.contains(c.id())) {
            lookup.onResponse(c, fakes(50), BBytes.of("t"));
          } else {
            List<Contact> answer = knownBy(c).stream()
                .sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(8).toList();
            lookup.onResponse(c, answer, BBytes.of("tok" + c.id()));
          }
        }
      }
      return lookup;
    }

    List<Contact> fakes(int n) {
      List<Contact> fakes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fakes.add(new Contact(NodeId.random(random), new InetSocketAddress("192.0.2." + (i % 250 + 1), 1000 + i)));
      }
      return fakes;
    }
  }

  @Test
  void findsTheEightClosestNodesOfAThousand() {
    Network net = new Network(1000);
    NodeId target = NodeId.random(random);
    Lookup lookup = net.run(target, net.nodes.subList(0, 8));
    assertThat(lookup.isDone()).isTrue();
    assertThat(lookup.closestAnswered(8)).containsExactlyElementsOf(net.sortedBy(target).subList(0, 8));
    assertThat(net.queries).as("iterative, not a flood").isLessThan(120);
  }

  @Test
  void routesAroundDeadNodes() {
    Network net = new Network(1000);
    NodeId target = NodeId.random(random);
    List<Contact> sorted = net.sortedBy(target);
    for (int i = 0; i < 1000; i += 3) {
      net.dead.add(net.nodes.get(i).id());
    }
    Lookup lookup = net.run(target, net.nodes.subList(0, 16));
    List<Contact> liveClosest = sorted.stream().filter(c -> !net.dead.contains(c.id())).limit(8).toList();
    assertThat(lookup.isDone()).isTrue();
    // With a third of the network dead, a far member of the true 8 may be known only to dead
    // nodes; the nearest ones must be found, and no dead node may be reported.
    List<Contact> found = lookup.closestAnswered(8);
    assertThat(found).hasSize(8).containsAll(liveClosest.subList(0, 6));
    assertThat(found).noneMatch(c -> net.dead.contains(c.id()));
    assertThat(lookup.closestWithTokens(8)).extracting(Lookup.TokenHolder::contact).containsExactlyElementsOf(found);
  }

  @Test
  void aLiarCannotMakeUsQueryMoreThanTheCaps() {
    Network net = new Network(200);
    net.liars.addAll(net.nodes.stream().map(Contact::id).toList());
    Lookup lookup = net.run(NodeId.random(random), net.nodes.subList(0, 8));
    assertThat(lookup.isDone()).isTrue();
    assertThat(net.queries).isLessThanOrEqualTo(Lookup.MAX_QUERIES);
  }

  @Test
  void atMostAlphaQueriesInFlight() {
    Network net = new Network(100);
    Lookup lookup = new Lookup(NodeId.random(random), net.nodes.subList(0, 8));
    List<Contact> first = lookup.nextQueries();
    assertThat(first).hasSize(Lookup.ALPHA);
    assertThat(lookup.nextQueries()).isEmpty();
    lookup.onFailure(first.get(0).id());
    assertThat(lookup.nextQueries()).hasSize(1);
    assertThat(lookup.isDone()).isFalse();
  }

  @Test
  void answersFromNodesWeDidNotQueryAreIgnored() {
    Network net = new Network(50);
    NodeId target = NodeId.random(random);
    Lookup lookup = new Lookup(target, net.nodes.subList(0, 1));
    Contact stranger = net.nodes.get(5);
    lookup.onResponse(stranger, net.nodes, null);
    assertThat(lookup.nextQueries()).containsExactly(net.nodes.get(0));
    Contact impostor = new Contact(net.nodes.get(0).id(), new InetSocketAddress("192.0.2.1", 1));
    lookup.onResponse(impostor, net.nodes, null);
    assertThat(lookup.closestAnswered(8)).isEmpty();
  }

  @Test
  void bootstrapByAddressJoinsTheAnswererAsAnswered() {
    Network net = new Network(300);
    NodeId target = NodeId.random(random);
    Lookup lookup = new Lookup(target, List.of());
    lookup.addressQueriesSent(1);
    assertThat(lookup.isDone()).isFalse();
    Contact router = net.nodes.get(0);
    lookup.onAddressResponse(router, net.knownBy(router).subList(0, 8), null);
    assertThat(lookup.closestAnswered(8)).contains(router);
    assertThat(lookup.nextQueries()).hasSize(Lookup.ALPHA);
  }
}
