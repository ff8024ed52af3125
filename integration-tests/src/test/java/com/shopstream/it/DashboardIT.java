package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real browser: Debian's headless Chromium, driven through its WebDriver. */
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DecimalFormat MONEY = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));

    private static final Stack stack = Stack.INSTANCE;
    private static Path profile;
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        profile = Files.createTempDirectory("dashboard-it-profile");
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("shop.chromium", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1440,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("shop.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @DisplayName("The page asks for a key, refuses a bad one, then shows the API's numbers and updates them live without reloading")
    void liveDashboard() throws Exception {
        browser.get(stack.queryApi + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-form")));

        enterKey("shs_wrong-key");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "unknown or revoked API key"));

        enterKey(stack.apiKey);
        wait.until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", "live"));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isFalse();
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
        String screenshot = System.getProperty("shop.dashboard.screenshot");
        if (screenshot != null) {
            // For the README: the page as the stack's own traffic fills it, before this test's orders.
            Thread.sleep(5_000);
            Files.write(Path.of(screenshot), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        }

        // Priced above every region's sales of the hour, so that the region makes the page's top regions.
        BigDecimal price = topRegionRevenue().add(new BigDecimal("1000000.01"));
        String region = uniqueName("it-dash");
        long product = product(stack, uniqueName("it-dash-cat"), price.toPlainString());
        stack.produce(List.of(order(uniqueId(), region, TestData.now(), line(product, 1, price.toPlainString()))));
        stack.awaitCaughtUp(stack.timeout());
        assertRegionRow(wait, region, price, 1);

        long stored = stack.status().getLong("eventsStored");
        wait.until(ExpectedConditions.textToBe(By.id("events-stored"), String.format(Locale.US, "%,d", stored)));
        assertThat(browser.findElements(By.cssSelector(".card")).stream().map(card -> card.getAttribute("data-window")).toList())
                .containsExactly("1m", "5m", "15m", "1h");

        stack.produce(List.of(order(uniqueId(), region, TestData.now(), line(product, 2, price.toPlainString()))));
        stack.awaitCaughtUp(stack.timeout());
        assertRegionRow(wait, region, price.multiply(BigDecimal.valueOf(3)), 2);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("updated without reloading").isEqualTo(true);

        Files.write(Path.of("target", "dashboard.png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @DisplayName("The Database page shows the checklist with a status per figure and the connections by service; a key without admin is told so")
    void databasePage() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        try {
            assertDatabasePage(wait);
        } finally {
            // The other test starts with no key stored.
            ((JavascriptExecutor) browser).executeScript("localStorage.removeItem('shopstream.apiKey');");
        }
    }

    private void assertDatabasePage(WebDriverWait wait) {
        openWithKey(stack.apiKey, "/#database");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("database")));
        wait.until(driver -> driver.findElements(By.cssSelector("#db-checks tbody tr")).size() == 7);
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        List<String> statuses = browser.findElements(By.cssSelector("#db-checks .status")).stream()
                .map(status -> status.getAttribute("data-status")).toList();
        assertThat(statuses).hasSize(7).allSatisfy(status -> assertThat(status).isIn("ok", "warn", "bad"));
        wait.until(driver -> driver.findElements(By.cssSelector("#db-connections tbody tr")).stream()
                .anyMatch(row -> row.getText().startsWith("query-api")));

        String reader = stack.createKey(uniqueName("dash-reader"), null, "read").getString("key");
        openWithKey(reader, "/#database");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("db-error"), "no admin scope"));
    }

    /** Opens the page at {@code path} with {@code key} stored as if entered before. */
    private static void openWithKey(String key, String path) {
        browser.get(stack.queryApi + "/");
        ((JavascriptExecutor) browser).executeScript("localStorage.setItem('shopstream.apiKey', arguments[0]);", key);
        browser.get(stack.queryApi + path);
        browser.navigate().refresh();
    }

    /**
     * The region's row (its sales are the largest of the hour, so it is listed) comes to show
     * the revenue and orders pushed, which are what the API's realtime window answers for the region.
     */
    private void assertRegionRow(WebDriverWait wait, String region, BigDecimal revenue, int orders) {
        String expected = MONEY.format(revenue);
        List<String> cells = wait.until(driver -> {
            List<String> shown = regionRow(region);
            return shown != null && shown.get(1).equals(expected) ? shown : null;
        });
        assertThat(cells.get(2)).isEqualTo(Integer.toString(orders));

        JsonObject api = stack.getJson("/v1/sales/realtime?window=1h&groupBy=region");
        JsonObject group = api.getJsonArray("groups").stream().map(JsonObject.class::cast)
                .filter(g -> region.equals(g.getString("key"))).findFirst().orElseThrow();
        assertThat(MONEY.format(new BigDecimal(group.getValue("revenue").toString()))).isEqualTo(cells.get(1));
        assertThat(group.getLong("orders")).isEqualTo(orders);
    }

    private BigDecimal topRegionRevenue() {
        return stack.getJson("/v1/sales/realtime?window=1h&groupBy=region").getJsonArray("groups").stream()
                .map(g -> new BigDecimal(((JsonObject) g).getValue("revenue").toString()))
                .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    /** The cells of the region's row, read in one go (the table is redrawn with every snapshot), or null. */
    @SuppressWarnings("unchecked")
    private List<String> regionRow(String region) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "const row = document.querySelector(`#regions tr[data-key='${arguments[0]}']`);"
                        + "return row ? [...row.cells].map(cell => cell.textContent) : null;", region);
    }

    private void enterKey(String key) {
        WebElement input = browser.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
    }
}
