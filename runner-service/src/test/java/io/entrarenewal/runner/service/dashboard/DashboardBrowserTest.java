package io.entrarenewal.runner.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskTexts;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryWorkQueue;
import io.entrarenewal.core.service.ScanService;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.World;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in headless Chromium, fed by core's scan of the sandbox's demo world (its apps
 * read from the sandbox's state): the seeded expiring credentials are on the page, and the
 * browser logs no error.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM =
      Path.of(System.getProperty("dashboard.test.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("dashboard.test.chromedriver", "/usr/bin/chromedriver"));

  /** Wider than the renew-before window, so that all three status bands occur. */
  private static final Duration SCAN_WINDOW = Duration.ofDays(60);
  private static final Duration RENEW_BEFORE = Duration.ofDays(21);

  private static Sandbox sandbox;
  private static HttpServer server;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    if (!browserInstalled()) {
      return;
    }
    sandbox = Sandbox.start(SandboxOptions.defaults());
    DashboardData data = scanOfDemoWorld();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    new Dashboard(() -> data).handlers().forEach(server::createContext);
    server.start();
    browser = headlessChromium();
  }

  @BeforeEach
  void requireBrowser() {
    // Checked per test, so that each one is reported as skipped with this reason.
    assumeTrue(browserInstalled(), "The browser test needs Chromium and its driver: install"
        + " the Debian packages chromium and chromium-driver (apt-get install chromium"
        + " chromium-driver)");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop(0);
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void givenDemoWorldScan_page_showsSeededExpiringCredentialsWithoutConsoleErrors()
      throws Exception {
    browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    saveScreenshot();

    assertThat(browser.getTitle()).isEqualTo("Credential expiry");
    World world = sandbox.world();
    for (World.Tenant tenant : world.tenants()) {
      WebElement section = section(tenant.name());
      List<WebElement> rows = section.findElements(By.cssSelector("table")).get(0)
          .findElements(By.cssSelector("tbody tr"));
      assertThat(rows).extracting(row -> row.findElement(By.cssSelector("th")).getText()
              .lines().findFirst().orElse(""))
          .containsExactlyInAnyOrderElementsOf(expiringApps(world, tenant.name()));
      assertThat(daysLeft(rows)).isSorted();
      assertThat(section.findElements(By.cssSelector("svg.timeline g.mark"))).hasSize(rows.size());
    }
    assertThat(statusOf("production", "Legacy-Cert-App")).isEqualTo("\u2715 Expired");
    assertThat(statusOf("production", "HR-Portal")).isEqualTo("\u25B2 Due for renewal");
    assertThat(statusOf("production", "Badge-Reader")).isEqualTo("\u25CF Not yet due");
    assertThat(section("production").getText()).contains("Orphan-App", "NO_VAULT_ENTRY");

    assertThat(severe(browserLog())).isEmpty();
  }

  @Test
  void givenScriptError_browserLog_recordsIt() {
    // Proves that the console check above can fail: the log does carry console errors.
    browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    browserLog();

    ((JavascriptExecutor) browser).executeScript("console.error('dashboard console probe')");

    assertThat(severe(browserLog())).anyMatch(message -> message.contains("console probe"));
  }

  private static DashboardData scanOfDemoWorld() {
    World world = sandbox.world();
    List<Tenant> tenants = world.tenants().stream()
        .map(tenant -> new Tenant(tenant.name(), tenant.tenantId(),
            Integer.toString(tenant.secretListId()), null))
        .toList();
    RenewalSettings settings = new RenewalSettings(tenants,
        Integer.toString(world.passwordstate().certificateListId()), "{app}",
        "Certificaat {app}", Duration.ofDays(365), RENEW_BEFORE, world.adcs().defaultTemplate(),
        false, "renewal", TaskTexts.withTeam(world.ivanti().handOverTeam()));
    ScanService scan = new ScanService(settings, new SandboxApps(sandbox.state()),
        new InMemoryWorkQueue(new Faults()), Clock.systemUTC());

    Map<String, ScanReport> scans = new LinkedHashMap<>();
    for (Tenant tenant : tenants) {
      scans.put(tenant.name(),
          scan.scan(new ScanQuery(SCAN_WINDOW, tenant.name(), false), (name, apps) -> { }));
    }
    return new DashboardData(scans, outcomesOf(world), Instant.now(), RENEW_BEFORE);
  }

  /** What a run over the seeded tasks ends with, as the world describes it. */
  private static List<RecentOutcome> outcomesOf(World world) {
    List<RecentOutcome> outcomes = new ArrayList<>();
    Instant when = Instant.now();
    for (World.App app : world.apps()) {
      if (app.taskAssignmentId() == null) {
        continue;
      }
      when = when.minusSeconds(60);
      boolean renewed = app.expectedOutcome().equals("RENEWED");
      outcomes.add(new RecentOutcome(when, app.tenant(), app.displayName(), app.appId(),
          app.credentialType(), renewed ? "renewed" : "handed over",
          renewed ? "Renewed and verified" : app.expectedReason(),
          app.taskAssignmentId().toString()));
    }
    return outcomes;
  }

  private static List<String> expiringApps(World world, String tenant) {
    return world.apps().stream()
        .filter(app -> app.tenant().equals(tenant) && app.daysLeft() <= SCAN_WINDOW.toDays())
        .map(World.App::displayName)
        .toList();
  }

  private static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  private static ChromeDriver headlessChromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: Chromium's own sandbox cannot start as root, as in containers and CI.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,2200");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static WebElement section(String tenant) {
    return browser.findElements(By.cssSelector("main > section")).stream()
        .filter(section -> section.findElement(By.tagName("h2")).getText()
            .equals("Tenant " + tenant))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no section for tenant " + tenant));
  }

  private static String statusOf(String tenant, String app) {
    return section(tenant).findElements(By.cssSelector("tbody tr")).stream()
        .filter(row -> row.findElement(By.tagName("th")).getText().startsWith(app))
        .map(row -> row.findElement(By.cssSelector("td.status")).getText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + app));
  }

  private static List<Long> daysLeft(List<WebElement> rows) {
    return rows.stream()
        .map(row -> Long.parseLong(row.findElement(By.cssSelector("td.num")).getText()))
        .toList();
  }

  private static List<LogEntry> browserLog() {
    return browser.manage().logs().get(LogType.BROWSER).getAll();
  }

  private static List<String> severe(List<LogEntry> entries) {
    return entries.stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  private static void saveScreenshot() throws Exception {
    // Kept in the build directory for a person to look at; it shows no secret.
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", "dashboard-browser-test.png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
