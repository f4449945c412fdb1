package io.seedfleet.engine.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IP address literals parsed without any name lookup: a host name gives empty. */
final class IpLiterals {
  private IpLiterals() {}

  static Optional<InetAddress> parse(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    if (text.indexOf(':') >= 0) {
      // Only hex digits, ':' and '.' (an embedded IPv4 tail): the JDK then parses a literal, never resolves.
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
          return Optional.empty();
        }
      }
      try {
        return Optional.of(InetAddress.getByName(text));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] raw = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      raw[i] = (byte) value;
    }
    try {
      return Optional.of(InetAddress.getByAddress(raw));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
