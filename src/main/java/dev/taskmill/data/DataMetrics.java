package dev.taskmill.data;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Bytes that came in as uploads and went out as content, for Prometheus. */
@ApplicationScoped
public class DataMetrics {

  private final Counter uploaded;
  private final Counter served;

  DataMetrics(MeterRegistry registry) {
    uploaded =
        Counter.builder("taskmill.data.uploaded")
            .baseUnit("bytes")
            .description("Bytes of uploaded files stored")
            .register(registry);
    served =
        Counter.builder("taskmill.data.served")
            .baseUnit("bytes")
            .description("Bytes of content sent to clients")
            .register(registry);
  }

  public void uploaded(long bytes) {
    uploaded.increment(bytes);
  }

  public void served(long bytes) {
    served.increment(bytes);
  }
}
