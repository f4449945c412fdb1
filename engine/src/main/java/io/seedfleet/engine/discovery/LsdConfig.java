package io.seedfleet.engine.discovery;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Local Service Discovery settings.
 *
 * @param enabled whether the node announces and listens at all
 * @param group the multicast group and port; BEP 14's is 239.192.152.143:6771
 * @param interfaces interface names to use; empty means every interface that is up with IPv4
 * @param announcesPerSecond cap on datagrams sent, so thousands of torrents do not flood the LAN
 * @param reannounceEvery how often each torrent is announced again
 */
public record LsdConfig(boolean enabled, InetSocketAddress group, List<String> interfaces, int announcesPerSecond,
    java.time.Duration reannounceEvery) {
  public static final InetSocketAddress BEP14_GROUP = new InetSocketAddress("239.192.152.143", 6771);

  public LsdConfig {
    interfaces = List.copyOf(interfaces);
    if (announcesPerSecond < 1) {
      throw new IllegalArgumentException("announcesPerSecond must be positive");
    }
  }

  public static LsdConfig on() {
    return new LsdConfig(true, BEP14_GROUP, List.of(), 10, java.time.Duration.ofMinutes(5));
  }

  public static LsdConfig off() {
    return new LsdConfig(false, BEP14_GROUP, List.of(), 10, java.time.Duration.ofMinutes(5));
  }
}
