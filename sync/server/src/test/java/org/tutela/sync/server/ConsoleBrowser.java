package org.tutela.sync.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the distribution's chromedriver (never a downloaded
 * one), for the head-office console. It accepts the server's self-signed certificate.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final String base;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    ConsoleBrowser(int port) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=en-GB",
                "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1");
        options.setAcceptInsecureCerts(true);
        // British English in the pages' Accept-Language and in the date inputs' day-month-year order
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "en-GB,en"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        base = "https://localhost:" + port;
    }

    String base() {
        return base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** The path and query of the page shown. */
    String path() {
        java.net.URI u = java.net.URI.create(driver.getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /** The input (or select, textarea) its visible label names. */
    WebElement field(String label) {
        List<WebElement> labels = driver.findElements(By.xpath("//label[normalize-space(.)=" + literal(label)
                + " or normalize-space(text())=" + literal(label) + "]"));
        if (labels.isEmpty()) {
            throw new AssertionError("No field labelled '" + label + "' on " + path());
        }
        return driver.findElement(By.id(labels.get(0).getAttribute("for")));
    }

    void type(String label, String text) {
        WebElement f = field(label);
        f.clear();
        f.sendKeys(text);
    }

    /** The message shown beside the field, or null. */
    String errorBeside(String label) {
        WebElement f = field(label);
        List<WebElement> e = driver.findElements(By.id(f.getAttribute("id") + "-error"));
        return e.isEmpty() ? null : e.get(0).getText().replaceFirst("^Error:\\s*", "");
    }

    /** Clicks the button and waits for the page it leads to. */
    void press(String buttonText) {
        clickAndWait(button(buttonText));
    }

    /** Clicks something that loads a new page, and waits until the new page is there. */
    void clickAndWait(WebElement e) {
        whenLoaded(e::click);
    }

    /**
     * Does {@code action} (a click or a key that loads a page) and waits until the next page has
     * loaded: the old page is marked first, so its marker's absence means a new document.
     */
    void whenLoaded(Runnable action) {
        driver.executeScript("window.tutelaOldPage = true");
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("return !window.tutelaOldPage && document.readyState === 'complete'")));
    }

    WebElement button(String text) {
        List<WebElement> b = driver.findElements(By.xpath("//button[normalize-space(.)=" + literal(text) + "]"));
        if (b.isEmpty()) {
            b = driver.findElements(By.xpath("//button[starts-with(normalize-space(.), " + literal(text) + ")]"));
        }
        if (b.isEmpty()) {
            throw new AssertionError("No button '" + text + "' on " + path());
        }
        return b.get(0);
    }

    void follow(String linkText) {
        clickAndWait(driver.findElement(By.xpath("//a[normalize-space(.)=" + literal(linkText) + "]")));
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String mainText() {
        return driver.findElement(By.tagName("main")).getText();
    }

    String cookie(String name) {
        Cookie c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    /** Makes the page's viewport (not the window around it) this size. */
    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Object inner = driver.executeScript("return [window.innerWidth, window.innerHeight]");
        List<?> wh = (List<?>) inner;
        int dw = width - ((Number) wh.get(0)).intValue();
        int dh = height - ((Number) wh.get(1)).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(width + dw, height + dh));
        }
    }

    /** A PNG of the whole page at the window's width (taller pages are captured in full). */
    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    static String literal(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
