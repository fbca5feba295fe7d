package io.entrarenewal.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.TenantConfig;
import io.entrarenewal.sandbox.World;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: options and configuration are checked before anything runs. */
class ServiceMainTest {

  @TempDir
  Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ServiceMain.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void givenInvalidConfiguration_run_refusesToStartWithEveryProblem() throws Exception {
    Path config = directory.resolve("renewal.yaml");
    Files.writeString(config, "renewal:\n  certificate-list: \"6691\"\n  colour: blue\n",
        StandardCharsets.UTF_8);

    int code = run("--config", config.toString(), "--claimant", "svc-renewal", "--port", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("renewal-service: configuration")
        .contains("renewal.colour")
        .contains("tenants");
  }

  @Test
  void givenMissingConfiguration_run_refusesToStart() {
    int code = run("--config", directory.resolve("absent.yaml").toString(), "--claimant", "svc");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist");
  }

  @Test
  void givenNoClaimant_run_refusesToStartAndSaysWhatIsMissing() {
    int code = run("--config", "renewal.yaml");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--claimant is required");
  }

  @Test
  void givenMalformedDuration_run_refusesToStart() {
    int code = run("--claimant", "svc", "--poll-interval", "soon");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void givenTooManyRenewalsAtOnce_run_refusesToStart() {
    int code = run("--claimant", "svc", "--max-concurrent", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--max-concurrent must be between 1 and 64");
  }

  @Test
  void givenHelp_run_describesTheOptions() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("--claimant", "--sandbox", "--scan-interval",
        "--log-format");
  }

  @Test
  void givenSandbox_setup_writesALoadableConfigurationWithoutItsKeys() throws Exception {
    SandboxSetup setup = SandboxSetup.start(directory.resolve("trial"));
    try {
      RunnerConfig config = new ConfigLoader(setup.environment()).load(setup.configFile());

      World world = setup.sandbox().world();
      assertThat(config.tenants()).map(TenantConfig::name)
          .containsExactlyElementsOf(world.tenants().stream().map(World.Tenant::name).toList());
      assertThat(config.ivanti().connection().url().getPort())
          .isEqualTo(setup.sandbox().ivantiBaseUri().getPort());
      String written = Files.readString(setup.configFile(), StandardCharsets.UTF_8);
      List<String> keys = new ArrayList<>(world.passwordstate().listApiKeys().values());
      keys.add(world.ivanti().apiKey());
      assertThat(keys).as("keys live in owner-only files, not in the configuration")
          .allSatisfy(key -> assertThat(written).doesNotContain(key));
    } finally {
      setup.close();
    }
    assertThat(setup.configFile().getParent()).as("the trial's keys are gone after it")
        .doesNotExist();
  }
}
