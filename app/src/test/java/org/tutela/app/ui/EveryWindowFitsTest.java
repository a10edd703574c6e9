package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.Axis;
import javafx.scene.chart.BarChart;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.PopupWindow;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.print.TutorialPrintRequests;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.app.ui.sync.ConflictsDialog;
import org.tutela.crypto.Argon2Params;

/**
 * Opens every screen, window and dialog of Tutela on a screen of 1366x768 and of 1024x600 (the
 * build runs this class once with the headless screen at each size; run on its own it checks the
 * screen it is given) and checks what a tutor would see: every window is on the screen, every
 * button is inside it (or in a part that scrolls), no label, button or column heading is cut off
 * ("..." or a line missing, judged by the text actually drawn against the label's own text), and
 * the summary chart names every group. A picture of each goes to target/screenshots/fit-WxH.
 */
@ExtendWith(ApplicationExtension.class)
class EveryWindowFitsTest {
    private Stage stage;
    private Rectangle2D screen;
    private final List<String> problems = new ArrayList<>();
    private Path shots;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void everyWindowAndDialogFitsTheScreenAndShowsAllItsText(FxRobot robot) throws Exception {
        screen = Screen.getPrimary().getVisualBounds();
        shots = Files.createDirectories(Path.of("target/screenshots/fit-" + (int) screen.getWidth() + "x" + (int) screen.getHeight()));

        // First start: create the vault (and say who you are).
        AppHome fresh = new AppHome(Files.createTempDirectory("tutela-fit-new")).ensureFolders();
        MainWindow first = new MainWindow(fresh, Settings.load(fresh.settingsFile()), new VaultSession(fresh.vaultFile("default"), Argon2Params.FLOOR));
        show(robot, first.scene());
        Drive.waitFor(robot, "#create-passphrase");
        check(robot, "create");

        // A vault with an invented caseload.
        AppHome home = new AppHome(Files.createTempDirectory("tutela-fit")).ensureFolders();
        UiFixtures.Seeded seeded = UiFixtures.createVault(home.vaultFile("default"), DemoCaseload.Scale.DEMO);
        try (org.tutela.app.vault.Vault v = org.tutela.app.vault.Vault.open(home.vaultFile("default"), UiFixtures.PASSPHRASE.toCharArray())) {
            // Changes head office refused, waiting to go again (the menu's "Refused changes").
            v.records().putRefusal(new org.tutela.app.vault.Refusal(seeded.learnerId(), "OUT_OF_SCOPE", java.time.Instant.now()));
            v.records().putRefusal(new org.tutela.app.vault.Refusal(seeded.targetId(), "INVALID_ENTRY", java.time.Instant.now()));
            // A safeguarding concern the lead has seen and answered with tasks: they show on the learner's page.
            Caseload c = Caseload.load(v.records());
            org.tutela.app.domain.Concern concern = c.tutorialWrites().save(org.tutela.app.domain.Concern.raise(seeded.learnerId(),
                    org.tutela.app.domain.ConcernCategory.SAFEGUARDING, java.time.LocalDate.now().minusDays(2), UiFixtures.TUTOR.name(),
                    "Invented: an older man waits for the learner after class"));
            leadAnswers(v.records(), concern.id(), seeded.learnerId(), "Ring the employer and tell me what they say about the lifts home",
                    "Ask the learner whether they would like to meet the college counsellor this week");
        }
        VaultSession session = new VaultSession(home.vaultFile("default"), Argon2Params.FLOOR);
        MainWindow window = new MainWindow(home, Settings.load(home.settingsFile()), session);
        show(robot, window.scene());
        Drive.waitFor(robot, "#unlock-passphrase");
        check(robot, "unlock");
        robot.interact(() -> robot.lookup("#unlock-passphrase").queryAs(PasswordField.class).setText(UiFixtures.PASSPHRASE));
        robot.clickOn("#unlock-button");
        Drive.waitUntil(() -> window.workspace() != null && window.workspace().caseload() != null
                && !robot.lookup("#caseload-table").queryTableView().getItems().isEmpty());
        Caseload caseload = window.workspace().caseload();
        var ws = window.workspace();
        check(robot, "caseload");

        Learner learner = caseload.learner(seeded.learnerId()).orElseThrow();
        Group group = caseload.groupOf(learner);
        robot.interact(() -> ws.openLearner(learner.id()));
        Drive.waitFor(robot, "#learner-timeline");
        Drive.waitUntil(() -> robot.lookup("#learner-tasks").queryListView().getItems().size() == 2); // the lead's tasks
        check(robot, "learner");
        robot.interact(() -> ws.editLearner(learner.id(), null));
        Drive.waitFor(robot, "#edit-given");
        check(robot, "learner-edit");
        // Delete, for a learner with a history: refused, said beside the button.
        robot.interact(() -> robot.lookup("#edit-delete").queryButton().fire());
        Drive.waitUntil(() -> !Drive.text(robot, "#edit-error").isEmpty());
        check(robot, "learner-delete-refused");
        // Delete, for a learner added by mistake: asked first.
        Learner mistake = caseload.learnerWrites().save(Learner.builder().givenName("Brannock").familyName("Wheedlecombe-Tregunna").group(group.id()).build());
        robot.interact(() -> ws.editLearner(mistake.id(), null));
        Drive.waitFor(robot, "#edit-delete");
        Platform.runLater(() -> robot.lookup("#edit-delete").queryButton().fire()); // it waits for the answer
        Drive.waitFor(robot, "#edit-delete-ask");
        check(robot, "learner-delete-ask");
        closeOtherWindows(robot);
        robot.interact(() -> ws.editLearner(null, null));
        Drive.waitFor(robot, "#edit-given");
        robot.clickOn("#edit-save"); // every problem shown beside its box
        check(robot, "learner-add-refused");
        robot.interact(() -> ws.planTutorial(learner.id(), null));
        Drive.waitFor(robot, "#plan-notice");
        check(robot, "plan");

        // The form: planned, held, signed and locked; and a confidential one's envelope.
        Tutorial planned = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(),
                UiFixtures.TUTOR.name(), TutorialPlan.on(caseload.today().plusDays(9), LocalTime.of(11, 0), "Room 2")));
        robot.interact(() -> ws.openTutorial(planned.id()));
        Drive.waitFor(robot, "#form-hold");
        check(robot, "form-planned");
        Tutorial held = caseload.tutorialWrites().hold(planned.id(), caseload.today());
        robot.interact(() -> ws.openTutorial(held.id()));
        Drive.waitFor(robot, "#form-lessons");
        check(robot, "form-held");
        scrollFormTo(robot, 1);
        check(robot, "form-held-end");
        Tutorial signed = caseload.tutorialWrites().saveTutorial(caseload.tutorialWrites().saveTutorial(held.asDraft(false)
                .signByLearner(Signature.typed(learner.fullName(), caseload.today())))
                .signByTutor(Signature.typed(UiFixtures.TUTOR.name(), caseload.today())));
        robot.interact(() -> ws.openTutorial(signed.id()));
        Drive.waitFor(robot, "#form-locked");
        check(robot, "form-locked");
        robot.interact(() -> ws.openTutorial(seeded.confidentialId()));
        Drive.waitFor(robot, "#confidential-envelope");
        check(robot, "form-confidential");

        robot.interact(() -> ws.openConcern(learner.id(), null));
        Drive.waitFor(robot, "#concern-category");
        check(robot, "concern");
        robot.interact(ws::editSignposting);
        Drive.waitFor(robot, "#signposting-table");
        check(robot, "signposting");
        robot.interact(ws::showSummary);
        Drive.waitUntil(() -> robot.lookup("#summary").query().getProperties().containsKey("computed"));
        WaitForAsyncUtils.waitForFxEvents();
        check(robot, "summary");

        // The dialogs of the menu.
        robot.interact(ws::showCaseload);
        Drive.waitFor(robot, "#caseload-table");
        for (String item : List.of("menu-change-passphrase", "menu-tutor-details", "menu-connect", "menu-organisation", "menu-settings")) {
            fireMenu(robot, item);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> otherWindows().size() == 1);
            WaitForAsyncUtils.waitForFxEvents();
            check(robot, item.substring("menu-".length()));
            closeOtherWindows(robot);
        }
        robot.interact(() -> ConflictsDialog.create(stage, new SyncClient(session.records()), TaskRunner.INLINE, c -> "",
                () -> { }).show());
        check(robot, "conflicts");
        closeOtherWindows(robot);
        fireMenu(robot, "menu-refused");
        Drive.waitFor(robot, "#refused-list");
        Drive.waitUntil(() -> robot.lookup("#refused-list").queryListView().getItems().size() == 2);
        check(robot, "refused-changes");
        closeOtherWindows(robot);

        // Confidential tutorials: keep one confidential, open one (closed, then open), change its password.
        robot.interact(() -> ws.openTutorial(held.id()));
        Drive.waitFor(robot, "#form-make-confidential");
        Platform.runLater(() -> robot.lookup("#form-make-confidential").queryButton().fire());
        Drive.waitFor(robot, "#confidential-mark-password");
        check(robot, "confidential-mark");
        closeOtherWindows(robot);
        robot.interact(() -> ws.openTutorial(seeded.confidentialId()));
        Drive.waitFor(robot, "#envelope-open");
        robot.interact(() -> robot.lookup("#envelope-open").queryButton().fire());
        Drive.waitFor(robot, "#confidential-open-password");
        check(robot, "confidential-open");
        robot.interact(() -> robot.lookup("#confidential-open-password").queryAs(PasswordField.class)
                .setText(UiFixtures.CONFIDENTIAL_PASSWORD));
        robot.interact(() -> robot.lookup("#confidential-open-button").queryButton().fire());
        Drive.waitUntil(() -> robot.lookup("#confidential-open-content").tryQuery().map(Node::isVisible).orElse(false));
        check(robot, "confidential-opened");
        closeOtherWindows(robot);
        robot.interact(() -> robot.lookup("#envelope-change-password").queryButton().fire());
        Drive.waitFor(robot, "#confidential-change-button");
        check(robot, "confidential-change-password");
        closeOtherWindows(robot);

        // Printing, with a printer that keeps what it is sent.
        List<byte[]> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        TutorialPrintRequests requests = new TutorialPrintRequests(new FormPrinting(PrintSettings.DEFAULT, org.tutela.app.ui.print.CaseloadPrintSource.of(caseload),
                PdfPrinter.capturing((bytes, choice) -> printed.add(bytes)), new CopiesRegister(new TypedStore(session::records), java.time.Clock.systemUTC())));
        robot.interact(() -> requests.printTutorial(stage, signed, learner));
        Drive.waitUntil(() -> robot.lookup("#print-pages").tryQuery().map(n -> !((Parent) n).getChildrenUnmodifiable().isEmpty()).orElse(false));
        check(robot, "print-preview");
        Platform.runLater(() -> robot.lookup("#print-save").queryButton().fire());
        Drive.waitFor(robot, "#print-save-cancel");
        check(robot, "print-save-warning");
        robot.interact(() -> robot.lookup("#print-save-cancel").queryButton().fire());
        robot.interact(() -> robot.lookup("#print-register").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> otherWindows().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        check(robot, "copies-register");
        closeOtherWindows(robot);
        robot.interact(() -> requests.printTutorial(stage, caseload.tutorial(seeded.confidentialId()).orElseThrow(), learner));
        Drive.waitUntil(() -> robot.lookup("#print-pages").tryQuery().map(n -> !((Parent) n).getChildrenUnmodifiable().isEmpty()).orElse(false));
        check(robot, "print-envelope-label");
        closeOtherWindows(robot);
        Platform.runLater(() -> requests.printGroup(stage, group, caseload.learnersIn(group.id())));
        Drive.waitFor(robot, "#print-batch-ask");
        check(robot, "print-group-ask");
        robot.interact(() -> robot.lookup("#print-batch-ask").queryAs(javafx.scene.control.DialogPane.class).getButtonTypes().stream()
                .filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.YES).findFirst()
                .map(b -> (ButtonBase) robot.lookup("#print-batch-ask").queryAs(javafx.scene.control.DialogPane.class).lookupButton(b))
                .orElseThrow().fire());
        Drive.waitFor(robot, "#print-batch-progress");
        Drive.waitUntil(() -> !printed.isEmpty());
        check(robot, "print-group");
        closeOtherWindows(robot);

        robot.interact(() -> {
            window.shutdown();
            first.shutdown();
        });
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    /** Head office's answer to a concern, stored as a sync stores it: the lead saw it and set the tutor tasks. */
    private static void leadAnswers(org.tutela.app.vault.RecordStore store, java.util.UUID concernId, java.util.UUID learnerId,
                                    String... tasks) {
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant seenAt = java.time.Instant.now().minusSeconds(3600);
        StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"concernId\":\"" + concernId + "\",\"learnerId\":\"" + learnerId
                + "\",\"acknowledgedAt\":\"" + seenAt + "\",\"tasks\":[");
        for (int i = 0; i < tasks.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(java.util.UUID.randomUUID()).append("\",\"text\":\"").append(tasks[i])
                    .append("\",\"assignedAt\":\"").append(seenAt).append("\"}");
        }
        json.append("]}");
        store.applyRemote(new org.tutela.app.vault.StoredRecord(id, org.tutela.app.records.RecordKind.CONCERN_RESPONSE.name(), 1, seenAt, seenAt,
                false, false, json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    // ---- the checks ----

    private void check(FxRobot robot, String what) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(150); // a dialog finishes sizing itself to what it shows
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            int n = 0;
            for (Window w : List.copyOf(Window.getWindows())) {
                if (!w.isShowing() || w instanceof PopupWindow || w.getScene() == null) {
                    continue;
                }
                checkWindow(what, w);
                shoot(w.getScene(), what + (n++ == 0 ? "" : "-" + n));
            }
        });
    }

    private void checkWindow(String what, Window w) {
        String title = w instanceof Stage s && s.getTitle() != null ? s.getTitle() : "window";
        if (w.getX() < screen.getMinX() - 1 || w.getY() < screen.getMinY() - 1 || w.getX() + w.getWidth() > screen.getMaxX() + 1
                || w.getY() + w.getHeight() > screen.getMaxY() + 1) {
            problems.add(what + ": \"" + title + "\" is " + (int) w.getWidth() + "x" + (int) w.getHeight() + " at " + (int) w.getX()
                    + "," + (int) w.getY() + ": not all on the screen");
        }
        Scene scene = w.getScene();
        // Alt+letter reaches one control: two visible controls on one screen must not share a letter
        // (in either case: Alt+G fires "_Given name" and "Si_gnposting" alike).
        java.util.Map<String, List<String>> byKey = new java.util.TreeMap<>();
        scene.getMnemonics().forEach((keys, mnemonics) -> {
            String key = keys instanceof javafx.scene.input.KeyCharacterCombination c ? c.getCharacter().toLowerCase(java.util.Locale.ROOT)
                    : keys.getName().toLowerCase(java.util.Locale.ROOT);
            mnemonics.stream().map(javafx.scene.input.Mnemonic::getNode)
                    .filter(n -> n != null && n.getScene() == scene && treeVisible(n))
                    .map(n -> n instanceof Labeled l ? l.getText() : String.valueOf(n.getId()))
                    .forEach(n -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(n));
        });
        // An Alt+letter of a control no longer shown (or an emptied letter) hides this screen's own:
        // the window tries only the first that matches.
        scene.getMnemonics().forEach((keys, mnemonics) -> {
            if (mnemonics.isEmpty()) {
                problems.add(what + ": an emptied " + keys.getName() + " is left in the window");
            }
            mnemonics.stream().filter(m -> m.getNode() == null || m.getNode().getScene() != scene)
                    .forEach(m -> problems.add(what + ": " + keys.getName() + " still belongs to " + (m.getNode() == null ? "nothing"
                            : describe(m.getNode())) + ", no longer shown"));
        });
        byKey.forEach((key, shown) -> {
            if (shown.size() > 1) {
                problems.add(what + ": Alt+" + key + " is the key of " + shown.size() + " controls: " + shown);
            }
        });
        walk(scene.getRoot(), node -> {
            if (!treeVisible(node) || inside(node, IndexedCell.class)) {
                return;
            }
            boolean scrolls = inScrolledContent(node);
            Bounds b = node.localToScene(node.getBoundsInLocal());
            boolean inWindow = b.getMinX() >= -1 && b.getMinY() >= -1 && b.getMaxX() <= scene.getWidth() + 1 && b.getMaxY() <= scene.getHeight() + 1;
            if (node instanceof ButtonBase button && !scrolls && !inWindow) {
                problems.add(what + ": the button \"" + button.getText() + "\" (" + button.getId() + ") is outside the window, at "
                        + (int) b.getMinX() + "," + (int) b.getMinY());
            }
            if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
                String full = l.isMnemonicParsing() ? l.getText().replaceFirst("_", "") : l.getText();
                Text drawn = (Text) l.lookup(".text");
                String shown = drawn == null ? "" : drawn.getText();
                if (!shown.equals(full) && !(l.getGraphic() != null && l.getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY)) {
                    problems.add(what + ": \"" + full + "\" is cut off, showing \"" + shown + "\"" + (l.getId() == null ? "" : " (" + l.getId() + ")"));
                } else if (!scrolls && !inWindow && !(node instanceof ButtonBase)) {
                    problems.add(what + ": \"" + full + "\" is outside the window");
                }
            }
            // A column pushed past the right edge of its table, or anything past the right edge of a
            // page that scrolls only up and down, cannot be seen.
            if (node.getStyleClass().contains("column-header") && inside(node, javafx.scene.control.TableView.class)) {
                Node table = node;
                while (!(table instanceof javafx.scene.control.TableView<?>)) {
                    table = table.getParent();
                }
                Bounds t = table.localToScene(table.getBoundsInLocal());
                if (b.getMaxX() > t.getMaxX() + 1) {
                    problems.add(what + ": the column \"" + ((Labeled) ((Parent) node).lookup(".label")).getText() + "\" of "
                            + table.getId() + " is past the table's right edge");
                }
            }
            if ((node instanceof Labeled || node instanceof javafx.scene.control.TextInputControl) && scrolls) {
                ScrollPane page = enclosingScroll(node);
                if (page != null && page.isFitToWidth()) {
                    Bounds view = page.localToScene(page.getBoundsInLocal());
                    if (b.getMaxX() > view.getMaxX() + 1) {
                        problems.add(what + ": " + describe(node) + " is past the right edge of a part that scrolls only up and down");
                    }
                }
            }
            if ((node instanceof javafx.scene.control.ListView<?> || node instanceof javafx.scene.control.TableView<?>)
                    && !scrolls && ((javafx.scene.layout.Region) node).getHeight() < 48) {
                problems.add(what + ": the list " + node.getId() + " is squeezed to " + (int) ((javafx.scene.layout.Region) node).getHeight()
                        + " px: its rows cannot be seen");
            }
            if (node instanceof BarChart<?, ?> chart) {
                for (Axis<?> axis : List.of(chart.getXAxis(), chart.getYAxis())) {
                    long hidden = axis.getTickMarks().stream().filter(t -> !t.isTextVisible()).count();
                    if (hidden > 0) {
                        problems.add(what + ": the chart hides " + hidden + " of its " + axis.getTickMarks().size() + " labels");
                    }
                }
            }
        });
    }

    private static void walk(Node node, java.util.function.Consumer<Node> visit) {
        visit.accept(node);
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, visit);
            }
        }
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible() || n.getOpacity() == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean inside(Node node, Class<?> type) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return true;
            }
        }
        return false;
    }

    private static ScrollPane enclosingScroll(Node node) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof ScrollPane sp && !(sp.getSkin() == null)) {
                return sp;
            }
        }
        return null;
    }

    private static String describe(Node node) {
        String text = node instanceof Labeled l ? "\"" + l.getText() + "\"" : node.getClass().getSimpleName();
        return text + (node.getId() == null ? "" : " (" + node.getId() + ")");
    }

    /** In the content of a scroll pane: reached by scrolling, so it may lie outside the window for now. */
    private static boolean inScrolledContent(Node node) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof ScrollPane || n.getStyleClass().contains("viewport") || n.getStyleClass().contains("clipped-container")) {
                return true;
            }
        }
        return false;
    }

    // ---- moving about ----

    private void show(FxRobot robot, Scene scene) {
        robot.interact(() -> {
            stage.setScene(scene);
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void fireMenu(FxRobot robot, String id) {
        MenuButton menu = robot.lookup("#shell-menu").queryAs(MenuButton.class);
        // Later, not waited for: some of these dialogs wait for their answer.
        Platform.runLater(() -> menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow().fire());
    }

    private List<Window> otherWindows() throws Exception {
        return WaitForAsyncUtils.asyncFx((Callable<List<Window>>) () -> Window.getWindows().stream()
                .filter(w -> w != stage && w.isShowing() && !(w instanceof PopupWindow)).toList()).get(5, TimeUnit.SECONDS);
    }

    private void closeOtherWindows(FxRobot robot) throws Exception {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && !(w instanceof PopupWindow)) {
                    w.hide();
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void scrollFormTo(FxRobot robot, double v) {
        robot.interact(() -> robot.lookup("#form-scroll").queryAs(ScrollPane.class).setVvalue(v));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void shoot(Scene scene, String name) {
        try {
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png",
                    shots.resolve(name + ".png").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
