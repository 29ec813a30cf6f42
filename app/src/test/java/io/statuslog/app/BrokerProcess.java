package io.statuslog.app;

import io.statuslog.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka broker in a JVM of its own, so a test can freeze it (SIGSTOP) as a broker stalled by
 * its disk or a long pause would be, and let it go on (SIGCONT): {@code BrokerProcess <data dir>
 * <port>}. It runs until killed.
 */
public final class BrokerProcess {
  private BrokerProcess() {}

  public static void main(String[] args) throws Exception {
    EmbeddedKafka broker = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
    System.out.println("READY " + broker.bootstrapServers());
    new CountDownLatch(1).await();
  }
}
