package io.seedfleet.ops.api;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.TestInstance;
import java.util.concurrent.TimeUnit;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

/**
 * Pekko HTTP's route testkit on JUnit 5: the testkit ships a JUnit 4 base class only, so this one
 * supplies the ActorSystem and turns the testkit's assertions into JUnit 5 failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PekkoRouteTest extends RouteTest {
  private final ActorSystem system = ActorSystem.create(getClass().getSimpleName());
  private final Materializer materializer = Materializer.createMaterializer(system);

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return materializer;
  }

  /** Without this the testkit dilates its default through the classic pekko-testkit, which we don't need. */
  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(10, TimeUnit.SECONDS);
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean condition, String message) {
        Assertions.assertTrue(condition, message);
      }
    };
  }

  @AfterAll
  void stopSystem() {
    system.terminate();
  }
}
