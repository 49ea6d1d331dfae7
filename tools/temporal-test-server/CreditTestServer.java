import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Temporal's time-skipping test server (io.temporal.testserver.TestServer) with one addition: the
 * server's clock can start at a chosen instant, so scenarios dated in the past (the National Day
 * holidays of 2026, say) run under Temporal's own server semantics.
 *
 * Usage: CreditTestServer <port> [initial-instant, ISO 8601]. Time skipping starts locked, as the
 * SDK's TestWorkflowEnvironment expects; the test harness unlocks it to move time forward.
 */
public final class CreditTestServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long initialTimeMillis = args.length > 1 ? Instant.parse(args[1]).toEpochMilli() : 0L;
    TestServicesStarter services = new TestServicesStarter(true, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    System.out.println("listening " + port);
    server.awaitTermination();
  }
}
