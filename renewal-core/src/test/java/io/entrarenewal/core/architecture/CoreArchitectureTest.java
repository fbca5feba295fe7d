package io.entrarenewal.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The core stays a pure domain, whatever the build allows. */
@AnalyzeClasses(packages = "io.entrarenewal.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

  @ArchTest
  static final ArchRule core_uses_only_the_jdk_and_slf4j = noClasses()
      .should().dependOnClassesThat().resideOutsideOfPackages(
          "java..", "javax.security..", "org.slf4j..", "io.entrarenewal.core..")
      .because("the domain core must not depend on frameworks or vendor libraries");

  @ArchTest
  static final ArchRule core_does_not_do_io_of_its_own = noClasses()
      .should().dependOnClassesThat()
      .resideInAnyPackage("java.net..", "java.nio.file..", "java.sql..")
      .because("every contact with the outside world goes through a port");

  @ArchTest
  static final ArchRule domain_does_not_know_the_services = noClasses()
      .that().resideInAPackage("..core.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("..core.service..", "..core.port..")
      .because("the model is the innermost ring");

  @ArchTest
  static final ArchRule ports_do_not_know_the_services = noClasses()
      .that().resideInAPackage("..core.port..")
      .should().dependOnClassesThat().resideInAPackage("..core.service..")
      .because("ports are contracts, services implement the inbound ones");

  @ArchTest
  static final ArchRule no_standard_streams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule no_generic_exceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  @ArchTest
  static final ArchRule no_java_util_logging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
