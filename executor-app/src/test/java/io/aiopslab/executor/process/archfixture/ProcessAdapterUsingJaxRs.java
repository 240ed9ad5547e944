package io.aiopslab.executor.process.archfixture;

/** Breaks the rules on purpose: an adapter other than REST that speaks JAX-RS. */
public class ProcessAdapterUsingJaxRs {
  public jakarta.ws.rs.core.Response response;
}
