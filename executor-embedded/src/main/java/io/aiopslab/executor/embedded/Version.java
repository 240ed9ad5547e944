package io.aiopslab.executor.embedded;

/** The product version, from the jar manifest (the build writes it), else "dev". */
public final class Version {
  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
