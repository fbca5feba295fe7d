package io.entrarenewal.runner.service.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.slf4j.Logger;

/**
 * The dependency rules of the whole product, checked over every module's main classes: core is
 * the domain, adapters depend on core only and never on each other, only runners compose, the
 * sandbox shares no code with the product, and no packages form a cycle.
 */
@AnalyzeClasses(packages = "io.entrarenewal",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /** Leaves out test-jars such as core's fakes, which the main code never sees. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final DescribedPredicate<JavaClass> OUTSIDE_THE_HEXAGON =
      DescribedPredicate.describe("runners and the sandbox",
          c -> c.getPackageName().startsWith("io.entrarenewal.runner")
              || c.getPackageName().startsWith("io.entrarenewal.sandbox"));

  @ArchTest
  static final ArchRule hexagon_has_core_inside_and_independent_adapters = onionArchitecture()
      .domainModels("io.entrarenewal.core.domain..")
      .applicationServices("io.entrarenewal.core.port..", "io.entrarenewal.core.service..")
      .adapter("ivanti", "io.entrarenewal.adapter.ivanti..")
      .adapter("passwordstate", "io.entrarenewal.adapter.passwordstate..")
      .adapter("graph", "io.entrarenewal.adapter.graph..")
      .adapter("pki", "io.entrarenewal.adapter.pki..")
      .withOptionalLayers(true)
      // The runners and the sandbox sit outside the hexagon; the layered rule below covers them.
      .ignoreDependency(OUTSIDE_THE_HEXAGON, DescribedPredicate.alwaysTrue())
      .because("the domain must not know the systems it talks to, nor they each other");

  @ArchTest
  static final ArchRule modules_depend_inwards = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("core").definedBy("io.entrarenewal.core..")
      .layer("adapters").definedBy("io.entrarenewal.adapter..")
      .layer("sandbox").definedBy("io.entrarenewal.sandbox..")
      .layer("runners").definedBy("io.entrarenewal.runner..")
      .whereLayer("runners").mayNotBeAccessedByAnyLayer()
      .whereLayer("adapters").mayOnlyBeAccessedByLayers("runners")
      .whereLayer("sandbox").mayOnlyBeAccessedByLayers("runners")
      .whereLayer("core").mayOnlyBeAccessedByLayers("adapters", "runners")
      .because("runners compose the product; nothing else may depend on them");

  @ArchTest
  static final ArchRule sandbox_uses_no_product_code = noClasses()
      .that().resideInAPackage("io.entrarenewal.sandbox..")
      .should().dependOnClassesThat().resideInAnyPackage("io.entrarenewal.core..",
          "io.entrarenewal.adapter..", "io.entrarenewal.runner..")
      .because("the sandbox imitates the external systems and must not share the product's"
          + " understanding of them");

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other = slices()
      .matching("io.entrarenewal.adapter.(*)..")
      .should().notDependOnEachOther()
      .because("each adapter speaks to one system and knows nothing of the others");

  @ArchTest
  static final ArchRule adapters_do_not_call_the_use_case_services = noClasses()
      .that().resideInAPackage("io.entrarenewal.adapter..")
      .should().dependOnClassesThat().resideInAPackage("io.entrarenewal.core.service..")
      .because("adapters implement ports; the use cases are the runners' to call");

  @ArchTest
  static final ArchRule packages_are_free_of_cycles = slices()
      .matching("io.entrarenewal.(**)")
      .should().beFreeOfCycles()
      .because("a cycle between packages hides which one is the more fundamental");

  @ArchTest
  static final ArchRule loggers_are_private_static_final = fields()
      .that().haveRawType(Logger.class)
      .should().bePrivate().andShould().beStatic().andShould().beFinal()
      .because("each class logs through its own SLF4J logger");

  @ArchTest
  static final ArchRule no_java_util_logging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule service_prints_nothing = noClasses()
      .that().resideInAnyPackage("io.entrarenewal.runner.service..", "io.entrarenewal.core..",
          "io.entrarenewal.adapter..")
      .and().doNotHaveSimpleName("ServiceMain")
      .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
      .because("the service speaks through its log, its audit trail and its HTTP surface");
}
