package io.aiopslab.executor.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.aiopslab.executor.domain.archfixture.DomainUsingJooq;
import io.aiopslab.executor.domain.archfixture.DomainUsingLocalDateTime;
import io.aiopslab.executor.domain.archfixture.DomainUsingWallClock;
import io.aiopslab.executor.ports.archfixture.CycleStart;
import io.aiopslab.executor.ports.archfixture.PortsUsingProcessAdapter;
import io.aiopslab.executor.process.archfixture.CycleBack;
import io.aiopslab.executor.process.archfixture.ProcessAdapterUsingJaxRs;
import io.aiopslab.executor.process.archfixture.ProcessAdapterUsingPostgresAdapter;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of DESIGN.md as executable rules, over every production class of the
 * product. Each rule is also run against a fixture that breaks it, so a rule that can no longer
 * fail is noticed.
 */
class ArchitectureTest {

  private static final String ROOT = "io.aiopslab.executor";
  private static JavaClasses product;

  static final ArchRule DOMAIN_DEPENDS_ON_JDK_ONLY =
      classes()
          .that()
          .resideInAPackage(ROOT + ".domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", ROOT + ".domain..")
          .because("the domain is the stable core: it must build and test with nothing but a JDK");

  static final ArchRule PORTS_DEPEND_ON_DOMAIN_ONLY =
      classes()
          .that()
          .resideInAPackage(ROOT + ".ports..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", ROOT + ".domain..", ROOT + ".ports..")
          .because("use cases and the worker engine must stay framework-free and embeddable");

  static final ArchRule ADAPTERS_ARE_INDEPENDENT =
      slices()
          .matching(ROOT + ".(postgres|rest|process)..")
          .namingSlices("$1 adapter")
          .should()
          .notDependOnEachOther()
          .because("adapters meet only in the composition root; each can be replaced alone");

  static final ArchRule NOTHING_DEPENDS_ON_THE_APP =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".app..")
          .because("the composition root is the outermost ring");

  static final ArchRule ONLY_THE_APP_USES_THE_EMBEDDED_COMPOSITION =
      noClasses()
          .that()
          .resideOutsideOfPackages(ROOT + ".embedded..", ROOT + ".app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".embedded..")
          .because("the embedded composition wires the core; only the app builds on it (ADR 4)");

  static final ArchRule JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..", "liquibase..", "com.zaxxer.hikari..", "org.postgresql..")
          .because("SQL, migrations and the pool are the PostgreSQL adapter's business alone");

  static final ArchRule HTTP_AND_JSON_FRAMEWORKS_ONLY_IN_REST_AND_APP =
      noClasses()
          .that()
          .resideOutsideOfPackages(ROOT + ".rest..", ROOT + ".app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.glassfish..",
              "jakarta.ws.rs..",
              "com.fasterxml.jackson..",
              "org.glassfish.grizzly..")
          .because(
              "Jersey, Grizzly and Jackson are delivery details of the REST adapter and the app");

  static final ArchRule TIME_COMES_FROM_THE_INJECTED_CLOCK =
      noClasses()
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .because(
              "time comes from an injected java.time.Clock (tests control it) or the database");

  static final ArchRule NO_LOCAL_DATE_TIME =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".postgres.jooq..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(LocalDateTime.class)
          .because("instants are Instant (UTC); a LocalDateTime has no time zone and lies");

  static final ArchRule NO_CYCLES_BETWEEN_MODULES =
      slices()
          .matching(ROOT + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because("dependencies point inward; a cycle would make two modules one");

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test jars of other modules (TestDatabases for the end-to-end tests) are no product.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ROOT);
  }

  private static JavaClasses fixtures(Class<?>... classes) {
    return new ClassFileImporter().importClasses(classes);
  }

  @Test
  void domainDependsOnTheJdkOnly() {
    DOMAIN_DEPENDS_ON_JDK_ONLY.check(product);
    assertThrows(
        AssertionError.class,
        () -> DOMAIN_DEPENDS_ON_JDK_ONLY.check(fixtures(DomainUsingJooq.class)));
  }

  @Test
  void portsDependOnTheDomainOnly() {
    PORTS_DEPEND_ON_DOMAIN_ONLY.check(product);
    assertThrows(
        AssertionError.class,
        () -> PORTS_DEPEND_ON_DOMAIN_ONLY.check(fixtures(PortsUsingProcessAdapter.class)));
  }

  @Test
  void adaptersNeverDependOnEachOther() {
    ADAPTERS_ARE_INDEPENDENT.check(product);
    assertThrows(
        AssertionError.class,
        () ->
            ADAPTERS_ARE_INDEPENDENT.check(
                new ClassFileImporter()
                    .importClasses(
                        ProcessAdapterUsingPostgresAdapter.class,
                        io.aiopslab.executor.postgres.archfixture.PostgresTarget.class)));
  }

  @Test
  void nothingDependsOnTheApp() {
    NOTHING_DEPENDS_ON_THE_APP.check(product);
    assertThrows(
        AssertionError.class,
        () ->
            NOTHING_DEPENDS_ON_THE_APP.check(
                fixtures(io.aiopslab.executor.ports.archfixture.PortsUsingTheApp.class)));
  }

  @Test
  void onlyTheAppUsesTheEmbeddedComposition() {
    ONLY_THE_APP_USES_THE_EMBEDDED_COMPOSITION.check(product);
    assertThrows(
        AssertionError.class,
        () ->
            ONLY_THE_APP_USES_THE_EMBEDDED_COMPOSITION.check(
                fixtures(io.aiopslab.executor.ports.archfixture.PortsUsingEmbedded.class)));
  }

  @Test
  void jooqOnlyInThePostgresAdapter() {
    JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER.check(product);
    assertThrows(
        AssertionError.class,
        () -> JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER.check(fixtures(DomainUsingJooq.class)));
  }

  @Test
  void jerseyAndJacksonOnlyInTheRestAdapterAndTheApp() {
    HTTP_AND_JSON_FRAMEWORKS_ONLY_IN_REST_AND_APP.check(product);
    assertThrows(
        AssertionError.class,
        () ->
            HTTP_AND_JSON_FRAMEWORKS_ONLY_IN_REST_AND_APP.check(
                fixtures(ProcessAdapterUsingJaxRs.class)));
  }

  @Test
  void timeComesFromTheClock() {
    TIME_COMES_FROM_THE_INJECTED_CLOCK.check(product);
    assertThrows(
        AssertionError.class,
        () -> TIME_COMES_FROM_THE_INJECTED_CLOCK.check(fixtures(DomainUsingWallClock.class)));
  }

  @Test
  void noLocalDateTime() {
    NO_LOCAL_DATE_TIME.check(product);
    assertThrows(
        AssertionError.class,
        () -> NO_LOCAL_DATE_TIME.check(fixtures(DomainUsingLocalDateTime.class)));
  }

  @Test
  void modulesAreFreeOfCycles() {
    NO_CYCLES_BETWEEN_MODULES.check(product);
    assertThrows(
        AssertionError.class,
        () -> NO_CYCLES_BETWEEN_MODULES.check(fixtures(CycleStart.class, CycleBack.class)));
  }
}
