package io.entrarenewal.runner.service.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Proves that {@link ArchitectureTest} looks at every module, so that its rules mean something. */
class ArchitectureImportTest {

  @Test
  void import_seesEveryModuleButNoTestCode() {
    JavaClasses product = new ClassFileImporter()
        .withImportOption(new ImportOption.DoNotIncludeTests())
        .withImportOption(new ArchitectureTest.NoTestJars())
        .importPackages("io.entrarenewal");

    assertThat(product.stream().map(JavaClass::getName)).contains(
        "io.entrarenewal.core.service.Renewals",
        "io.entrarenewal.adapter.ivanti.IvantiWorkQueue",
        "io.entrarenewal.adapter.passwordstate.PasswordstateVault",
        "io.entrarenewal.adapter.graph.GraphDirectory",
        "io.entrarenewal.sandbox.Sandbox",
        "io.entrarenewal.runner.cli.config.ConfigLoader",
        "io.entrarenewal.runner.service.engine.Engine")
        .noneMatch(name -> name.startsWith("io.entrarenewal.core.fakes"))
        .noneMatch(name -> name.endsWith("Test"));
  }
}
