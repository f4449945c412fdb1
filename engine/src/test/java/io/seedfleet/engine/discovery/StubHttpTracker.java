package io.seedfleet.engine.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scriptable HTTP tracker on 127.0.0.1 for tests: each path gets a handler; requests are recorded. */
final class StubHttpTracker implements AutoCloseable {
  interface Handler {
    void handle(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  StubHttpTracker() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  StubHttpTracker on(String path, Handler handler) {
    server.createContext(path, exchange -> {
      requests.add(exchange.getRequestURI().toString() + " " + exchange.getRequestHeaders().getFirst("Accept-Encoding"));
      try (exchange) {
        handler.handle(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  static Handler reply(int status, byte[] body) {
    return exchange -> {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    };
  }

  static Handler reply(String bencoded) {
    return reply(200, bencoded.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Handler redirect(String location) {
    return exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(302, -1);
    };
  }

  /** A chunked body of {@code size} bytes, with no length announced up front. */
  static Handler streaming(long size) {
    return exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      byte[] chunk = new byte[64 * 1024];
      try {
        for (long sent = 0; sent < size; sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
    };
  }

  static Handler slow(long millis) {
    return exchange -> {
      Thread.sleep(millis);
      reply("d8:intervali60ee").handle(exchange);
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
