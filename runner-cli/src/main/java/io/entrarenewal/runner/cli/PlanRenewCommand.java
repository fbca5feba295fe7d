package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.RenewalPlan;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal plan renew}: what {@code renew} would do. */
@Command(name = "renew", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Shows what renewing this credential would do, changing nothing.")
final class PlanRenewCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Mixin
  private RenewOptions options;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);

    RenewalPlan plan = session.renewals().plan()
        .plan(options.request(session.clock(), session.config().settings()));

    return PlanCommand.print(spec, globals, "plan renew", List.of(plan));
  }
}
