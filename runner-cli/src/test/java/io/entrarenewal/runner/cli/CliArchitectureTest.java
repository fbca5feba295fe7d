package io.entrarenewal.runner.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The command line's own rules: output through picocli only, loggers as the house wants. */
class CliArchitectureTest {

  private static final JavaClasses CLI = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.entrarenewal.runner.cli");

  @Test
  void commands_printOnlyThroughPicocli() {
    noClasses().that().doNotHaveFullyQualifiedName(RenewalCommand.class.getName())
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("tests capture output through picocli's writers, and only main may wrap"
            + " the process streams")
        .check(CLI);
  }

  @Test
  void loggers_arePrivateStaticFinalSlf4j() {
    fields().that().haveRawType(Logger.class)
        .should().bePrivate().andShould().beStatic().andShould().beFinal()
        .because("each class logs through its own SLF4J logger")
        .check(CLI);
    GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(CLI);
  }

  @Test
  void configuration_doesNotDependOnTheCommands() {
    noClasses().that().resideInAPackage("..runner.cli.config..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Command")
        .because("runner-service loads the same file without the command line")
        .check(CLI);
  }
}
