package org.tutela.app.ui.shell;

import java.util.UUID;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutor;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.tutor.TutorDetailsDialog;
import org.tutela.app.records.Caseload;
import org.tutela.app.ui.confidential.ChangeConfidentialPasswordDialog;
import org.tutela.app.ui.confidential.MarkConfidentialDialog;
import org.tutela.app.ui.confidential.OpenConfidentialDialog;
import org.tutela.app.ui.confidential.OrganisationSettingsDialog;
import org.tutela.app.ui.confidential.SafeguardingBanner;
import org.tutela.app.ui.confidential.SafeguardingBannerViewModel;
import org.tutela.app.ui.sync.ConflictsDialog;
import org.tutela.app.ui.sync.EnrolDialog;
import org.tutela.app.ui.sync.EnrolViewModel;
import org.tutela.app.ui.sync.RefusedChangesDialog;
import org.tutela.app.ui.sync.SyncBar;
import org.tutela.app.ui.sync.SyncViewModel;
import org.tutela.app.ui.caseload.CaseloadView;
import org.tutela.app.ui.caseload.CaseloadViewModel;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Failures;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Navigator;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.concern.ConcernView;
import org.tutela.app.ui.concern.ConcernViewModel;
import org.tutela.app.ui.concern.SignpostingView;
import org.tutela.app.ui.concern.SignpostingViewModel;
import org.tutela.app.ui.learner.LearnerEditView;
import org.tutela.app.ui.learner.LearnerEditViewModel;
import org.tutela.app.ui.learner.LearnerView;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.summary.SummaryView;
import org.tutela.app.ui.summary.SummaryViewModel;
import org.tutela.app.ui.tutorial.PlanTutorialView;
import org.tutela.app.ui.tutorial.PlanTutorialViewModel;
import org.tutela.app.ui.tutorial.TutorialFormView;
import org.tutela.app.ui.tutorial.TutorialFormViewModel;

/**
 * The unlocked window: a top bar (profile, caseload, summary, signposting, menu, Lock) around the
 * current screen, and the navigation between screens, which swap in the centre. It builds no
 * service: everything the screens use comes from the session's composition root
 * ({@link SessionRoot}). Loads the caseload off the UI thread when it opens. {@link #flush()} saves
 * the open form's draft (before the vault locks).
 */
public final class WorkspaceView implements Navigator {
    private final BorderPane root;
    private final String profile;
    private SafeguardingBannerViewModel bannerModel;
    private final SessionRoot services;
    /** Vault work, in order (loads and saves). */
    private final TaskRunner runner;
    private final CaseloadViewModel caseloadModel;
    private final CaseloadView caseloadView;
    private TutorialFormView openForm;
    /** A confidential tutorial its author goes on writing in the form; closed when the form goes. */
    private org.tutela.app.confidential.OpenedTutorial editingSealed;
    private UUID currentLearner;
    private final SyncViewModel sync;
    private final Timeline syncTimer;
    /** The tutor using Tutela (null until their details are read, or when they were never given). */
    private Tutor tutor;
    private EnrolViewModel enrolModel;
    private static final javafx.scene.input.KeyCombination ALT_S = new javafx.scene.input.KeyCodeCombination(
            javafx.scene.input.KeyCode.S, javafx.scene.input.KeyCombination.ALT_DOWN);
    private final javafx.event.EventHandler<javafx.scene.input.KeyEvent> altS = this::onAltS;

    private void onAltS(javafx.scene.input.KeyEvent e) {
        if (!ALT_S.match(e) || caseload() == null) {
            return;
        }
        var own = root.getScene().getMnemonics().get(ALT_S);
        boolean screenHasOne = own != null && own.stream().anyMatch(m -> m.getNode() != null && m.getNode().getScene() != null
                && m.getNode().isVisible() && !m.getNode().isDisabled());
        if (!screenHasOne) {
            e.consume();
            showCaseload();
        }
    }
    /** How often Tutela tries to sync on its own while unlocked. */
    private static final javafx.util.Duration SYNC_EVERY = javafx.util.Duration.minutes(10);

    public WorkspaceView(SessionRoot services, Runnable onLock, Runnable onChangePassphrase, Runnable onSettings) {
        this.services = services;
        this.profile = services.profile();
        this.runner = services.vaultThread();
        Label title = new Label(Messages.get("app.title"));
        title.getStyleClass().add("brand");
        Label profileLabel = new Label(Messages.get("shell.profile", profile));
        profileLabel.getStyleClass().add("muted");

        Button caseloadButton = Controls.button("nav-caseload", "nav.caseload");
        caseloadButton.setOnAction(e -> showCaseload());
        Button summaryButton = Controls.button("nav-summary", "nav.summary");
        summaryButton.setOnAction(e -> showSummary());
        Button signpostingButton = Controls.button("nav-signposting", "nav.signposting");
        signpostingButton.setOnAction(e -> editSignposting());
        // The top bar's keys are Ctrl+1, Ctrl+2, Ctrl+3, F10 (menu) and Ctrl+L (lock), so every Alt+letter
        // is free for the boxes and buttons of the screen below.
        String[] tips = {"nav.caseload.tooltip", "nav.summary.tooltip", "nav.signposting.tooltip"};
        Button[] navButtons = {caseloadButton, summaryButton, signpostingButton};
        for (int i = 0; i < navButtons.length; i++) {
            navButtons[i].getStyleClass().add("nav-button");
            navButtons[i].setTooltip(new Tooltip(Messages.get(tips[i])));
            navButtons[i].setAccessibleHelp(Messages.get(tips[i]));
        }

        MenuItem change = new MenuItem(Messages.get("shell.changePassphrase"));
        change.setId("menu-change-passphrase");
        change.setOnAction(e -> onChangePassphrase.run());
        MenuItem settings = new MenuItem(Messages.get("shell.settings"));
        settings.setId("menu-settings");
        settings.setOnAction(e -> onSettings.run());
        MenuItem connect = new MenuItem(Messages.get("sync.connect"));
        connect.setId("menu-connect");
        connect.setOnAction(e -> connectToHeadOffice());
        MenuItem conflicts = new MenuItem();
        conflicts.setId("menu-conflicts");
        conflicts.setOnAction(e -> chooseBetweenVersions());
        MenuItem refusedChanges = new MenuItem();
        refusedChanges.setId("menu-refused");
        refusedChanges.setOnAction(e -> reviewRefusedChanges());
        MenuItem yourDetails = new MenuItem(Messages.get("shell.tutorDetails"));
        yourDetails.setId("menu-tutor-details");
        yourDetails.setOnAction(e -> editTutorDetails());
        MenuItem organisation = new MenuItem(Messages.get("shell.organisation"));
        organisation.setId("menu-organisation");
        organisation.setOnAction(e -> {
            javafx.scene.control.Dialog<Void> dialog = OrganisationSettingsDialog.create(window(), services.organisation());
            dialog.setOnHidden(closed -> services.printFrom(caseload()));
            dialog.show();
        });
        MenuButton menu = new MenuButton(Messages.get("shell.menu"), null, connect, conflicts, refusedChanges, yourDetails, change, settings, organisation);
        menu.setId("shell-menu");
        menu.setMnemonicParsing(true);
        menu.setAccessibleText(Messages.plain("shell.menu"));
        menu.setTooltip(new Tooltip(Messages.get("shell.menu.tooltip")));
        menu.setAccessibleHelp(Messages.get("shell.menu.tooltip"));

        Button lock = Controls.button("lock-button", "shell.lock");
        lock.setTooltip(new Tooltip(Messages.get("shell.lock.tooltip")));
        lock.setOnAction(e -> onLock.run());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, profileLabel, caseloadButton, summaryButton, signpostingButton, spacer, menu, lock);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("top-bar");

        // Who the tutor is: read first (the vault thread keeps order), asked once if never given.
        runner.run(services.tutors()::load, found -> {
            tutor = found.orElse(null);
            if (tutor == null) {
                askTutorDetails(null);
            }
        }, Failures.logged("reading the tutor's details"));

        caseloadModel = new CaseloadViewModel(runner);
        caseloadView = new CaseloadView(caseloadModel, this);
        root = new BorderPane(caseloadView.root());
        root.setId("workspace");
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                var keys = scene.getAccelerators();
                keys.put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+1"), this::showCaseload);
                keys.put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+2"), this::showSummary);
                keys.put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+3"), this::editSignposting);
                keys.put(javafx.scene.input.KeyCombination.keyCombination("F10"), () -> {
                    menu.requestFocus();
                    menu.show();
                });
            }
            if (was != null) {
                for (String k : new String[] {"Shortcut+1", "Shortcut+2", "Shortcut+3", "F10"}) {
                    was.getAccelerators().remove(javafx.scene.input.KeyCombination.keyCombination(k));
                }
            }
        });
        // Alt+S jumps to the search box from any screen that has no Alt+S of its own (a Save button).
        root.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) {
                was.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, altS);
            }
            if (scene != null) {
                scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, altS);
            }
        });

        // A safeguarding concern the safeguarding lead has not seen in time says so, plainly, at the top.
        bannerModel = services.safeguardingBanner();
        HBox banner = SafeguardingBanner.create(bannerModel, true);
        root.setTop(new VBox(bar, banner));

        // Sync: a status line at the bottom, Sync now, and a try on its own every few minutes.
        sync = services.syncStatus(this::reloadAfterSync);
        conflicts.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Messages.get("sync.conflicts", sync.conflictsProperty().get()), sync.conflictsProperty()));
        conflicts.disableProperty().bind(sync.conflictsProperty().isEqualTo(0));
        refusedChanges.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Messages.get("sync.refused", sync.refusedProperty().get()), sync.refusedProperty()));
        refusedChanges.disableProperty().bind(sync.refusedProperty().isEqualTo(0));
        connect.disableProperty().bind(sync.enrolledProperty());
        root.setBottom(SyncBar.create(sync, this::flush));
        syncTimer = new Timeline(new KeyFrame(SYNC_EVERY, e -> sync.syncInBackground()));
        syncTimer.setCycleCount(Timeline.INDEFINITE);
        syncTimer.play();
        sync.refresh();

        caseloadModel.load(services::loadCaseload, () -> {
            services.printFrom(caseload());
            caseloadView.focus();
            sync.syncInBackground();
        });
    }

    public Parent root() {
        return root;
    }

    /** The loaded caseload, or null while it loads. */
    public Caseload caseload() {
        return caseloadModel.caseloadProperty().get();
    }

    /** Saves what is typed in an open form now (called before locking and when the window closes). */
    public void flush() {
        if (openForm != null) {
            openForm.flush();
        }
    }

    private void show(Parent screen, Runnable focus) {
        flush();
        openForm = null;
        if (editingSealed != null) {
            // after the flush above, on the same thread, so its sealed draft is saved first
            org.tutela.app.confidential.OpenedTutorial done = editingSealed;
            editingSealed = null;
            runner.run(() -> {
                done.close();
                return null;
            }, x -> { }, failure -> {
                Failures.log("closing a confidential tutorial", failure);
                done.close();
            });
        }
        root.setCenter(screen);
        Controls.forgetRemovedMnemonics(root.getScene());
        Platform.runLater(focus);
        focusOnceShown(screen, focus);
    }

    /**
     * Puts the keyboard where the new screen wants it, once the screen can take it. What sits in a
     * scroll pane joins the window only when the pane is first laid out, in a later pulse; a request
     * before that is lost and the window gives the keyboard to the top bar instead (under load the
     * pulse can come well after the screen is set). So it is asked again at each pulse until the
     * keyboard is in the screen (for half a second at most, never once it got there).
     */
    private void focusOnceShown(Parent screen, Runnable focus) {
        new javafx.animation.AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                javafx.scene.Scene scene = screen.getScene();
                // (the scroll pane itself does not count: it took the keyboard only because its content could not yet)
                if (scene == null || root.getCenter() != screen || ++pulses > 30
                        || within(scene.getFocusOwner(), screen) && !(scene.getFocusOwner() instanceof javafx.scene.control.ScrollPane)) {
                    stop();
                    return;
                }
                focus.run();
            }
        }.start();
    }

    private static boolean within(javafx.scene.Node node, Parent screen) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == screen) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name of the tutor using Tutela: what signs notices, is printed as the tutor on the forms
     * they plan and hold, and is credited with their follow-ups and amendments. (Never the group's
     * or the learner's course tutor: that may be someone else.)
     */
    private String tutorName() {
        return tutor != null ? tutor.name() : profile;
    }

    private void askTutorDetails(Tutor existing) {
        if (root.getScene() == null) {
            return;
        }
        TutorDetailsDialog.create(window(), services.tutors(), existing, runner, saved -> tutor = saved).show();
    }

    private void editTutorDetails() {
        askTutorDetails(tutor);
    }

    /** Head office named the tutor at enrolment: their name from now on, the rest of their details kept. */
    private void useHeadOfficeName(String name) {
        Tutor named = tutor == null ? new Tutor(name, null, null, null) : tutor.withName(name);
        runner.run(() -> {
            services.tutors().save(named);
            return named;
        }, saved -> tutor = saved, Failures.logged("keeping the name head office gave"));
    }

    private javafx.stage.Window window() {
        return root.getScene().getWindow();
    }

    private void connectToHeadOffice() {
        if (enrolModel == null) {
            // One per workspace: closing the dialog and opening it again finds what was typed.
            enrolModel = services.connecting(this::useHeadOfficeName);
        }
        EnrolViewModel model = enrolModel;
        javafx.scene.control.Dialog<Void> dialog = EnrolDialog.create(window(), model);
        dialog.setOnHidden(e -> {
            sync.refresh();
            if (model.doneProperty().get()) {
                sync.syncNow();
            }
        });
        dialog.show();
    }

    private void chooseBetweenVersions() {
        ConflictsDialog.create(window(), services.syncClient(), runner, ConflictsDialog.describedWith(this::learnerNameOf), () -> {
            sync.refresh();
            reloadAfterSync();
        }).show();
    }

    private void reviewRefusedChanges() {
        RefusedChangesDialog.create(window(), services.syncClient(), runner, RefusedChangesDialog.describedWith(this::learnerNameOf),
                sync::refresh).show();
    }

    /** The learner a record is about (the learner, or the learner of a tutorial or concern), or "" if not known. */
    private String learnerNameOf(UUID recordId) {
        Caseload c = caseload();
        if (c == null) {
            return "";
        }
        return c.learner(recordId)
                .or(() -> c.tutorial(recordId).flatMap(t -> t.learnerId() == null ? java.util.Optional.empty() : c.learner(t.learnerId())))
                .or(() -> c.concern(recordId).flatMap(x -> c.learner(x.learnerId())))
                .or(() -> c.target(recordId).flatMap(x -> c.learner(x.learnerId())))
                .map(Learner::fullName).orElse("");
    }

    /** Records arrived from head office (or a conflict was settled): load the caseload again. */
    private void reloadAfterSync() {
        flush();
        bannerModel.refresh(); // the lead may have seen a concern
        caseloadModel.load(services::loadCaseload, () -> services.printFrom(caseload()));
    }

    /**
     * Keeps the caseload list as the vault's snapshot, so the next unlock opens it in one piece.
     * Called on the vault thread before the vault locks; a failure only costs the next unlock time.
     */
    public void keepSnapshot() {
        Caseload c = caseload();
        if (c == null) {
            return;
        }
        try {
            c.keepSnapshot();
        } catch (RuntimeException e) {
            Failures.log("keeping the caseload's snapshot", e);
        }
    }

    /** Stops the timers of this workspace (the vault is locking). */
    public void close() {
        syncTimer.stop();
        sync.cancel();
        Caseload c = caseload();
        if (c != null) {
            c.forget();
        }
        services.close();
    }

    // ---- Navigator ----

    @Override
    public void showCaseload() {
        if (caseload() != null) {
            caseloadModel.use(caseload());
        }
        show(caseloadView.root(), caseloadView::focus);
    }

    @Override
    public void openLearner(UUID learnerId) {
        if (caseload() == null) {
            return;
        }
        currentLearner = learnerId;
        Caseload c = caseload();
        // The learner's full tutorials are read from the vault: off the UI thread.
        String you = tutorName();
        runner.run(() -> new LearnerViewModel(c, learnerId, runner, you), model -> {
            LearnerView view = new LearnerView(model, this);
            show(view.root(), view::focus);
        }, failure -> {
            Failures.log("opening a learner", failure);
            showCaseload();
        });
    }

    @Override
    public void editLearner(UUID learnerId, Group group) {
        if (caseload() == null) {
            return;
        }
        Learner existing = learnerId == null ? null : caseload().learner(learnerId).orElse(null);
        LearnerEditViewModel model = new LearnerEditViewModel(caseload(), runner, existing, group);
        LearnerEditView view = new LearnerEditView(model, () -> {
            if (learnerId == null) {
                showCaseload();
            } else {
                openLearner(learnerId);
            }
        }, saved -> openLearner(saved.id()), this::showCaseload);
        show(view.root(), view::focus);
    }

    @Override
    public void planTutorial(UUID learnerId, UUID tutorialId) {
        PlanTutorialViewModel model = new PlanTutorialViewModel(caseload(), runner, learnerId, tutorialId,
                tutor != null ? tutor : new Tutor(tutorName(), null, null, null));
        PlanTutorialView view = new PlanTutorialView(model, () -> openLearner(learnerId), saved -> openLearner(learnerId));
        show(view.root(), view::focus);
    }

    @Override
    public void openTutorial(UUID tutorialId) {
        Tutorial t = caseload().tutorial(tutorialId).orElse(null);
        if (t == null) {
            return;
        }
        showForm(t, false, null);
    }

    private void showForm(Tutorial t, boolean earlier, Tutorial current) {
        showForm(t, earlier, current, null);
    }

    /** With {@code sealed}: the form of a confidential tutorial its author goes on writing; it saves only sealed. */
    private void showForm(Tutorial t, boolean earlier, Tutorial current, org.tutela.app.confidential.OpenedTutorial sealed) {
        TutorialFormViewModel model = new TutorialFormViewModel(caseload(), runner, t, tutorName(), earlier);
        if (sealed != null) {
            model.saveSealedThrough(next -> {
                services.confidential().update(sealed, next); // the caseload takes the new envelope in as it is stored
                return sealed.tutorial();
            });
        }
        UUID learnerId = t.learnerId() != null ? t.learnerId() : currentLearner;
        TutorialFormView view = new TutorialFormView(model, new TutorialFormView.Actions() {
            @Override
            public void back() {
                if (earlier) {
                    showForm(current, false, null);
                } else if (learnerId != null) {
                    openLearner(learnerId);
                } else {
                    showCaseload();
                }
            }

            @Override
            public void rearrange(Tutorial tutorial) {
                planTutorial(learnerId, tutorial.id());
            }

            @Override
            public void viewEarlierVersion(Tutorial currentVersion, Tutorial earlierVersion) {
                showForm(earlierVersion, true, currentVersion);
            }

            @Override
            public void print(javafx.stage.Window owner, Tutorial tutorial, Learner learner) {
                services.print().printTutorial(owner, tutorial, learner);
            }

            @Override
            public void makeConfidential(Tutorial asTyped) {
                // Sealed as typed, whatever was saved before; the vault erases any open draft as it seals.
                MarkConfidentialDialog.create(window(), services.confidential(), asTyped).showAndWait()
                        .ifPresent(opened -> runner.run(() -> caseload().tutorial(asTyped.id()).orElseThrow(), envelope -> {
                            if (opened.tutorial().held()) {
                                showForm(opened.tutorial(), false, null, opened); // the tutor goes on writing, sealed
                            } else {
                                opened.close();
                                showForm(envelope, false, null);
                            }
                        }, failure -> {
                            Failures.log("showing a tutorial sealed as confidential", failure);
                            opened.close();
                        }));
            }

            @Override
            public void openConfidential(Tutorial tutorial) {
                OpenConfidentialDialog.create(window(), services.confidential(), tutorial.id()).show();
            }

            @Override
            public void changeConfidentialPassword(Tutorial tutorial) {
                ChangeConfidentialPasswordDialog.create(window(), services.confidential(), tutorial.id()).show();
            }
        });
        show(view.root(), view::focus);
        openForm = earlier ? null : view;
        editingSealed = sealed;
    }

    @Override
    public void openConcern(UUID learnerId, UUID concernId) {
        ConcernViewModel model = new ConcernViewModel(caseload(), runner, learnerId, concernId, tutorName());
        ConcernView view = new ConcernView(model, () -> openLearner(learnerId), this::editSignposting);
        show(view.root(), view::focus);
    }

    @Override
    public void showSummary() {
        if (caseload() == null) {
            return;
        }
        SummaryViewModel model = new SummaryViewModel(caseload(), runner);
        SummaryView view = new SummaryView(model, this::showCaseload, this::openLearner);
        show(view.root(), view::focus);
        model.compute(() -> view.root().getProperties().put("computed", Boolean.TRUE));
    }

    @Override
    public void editSignposting() {
        if (caseload() == null) {
            return;
        }
        SignpostingView view = new SignpostingView(new SignpostingViewModel(caseload(), runner), this::showCaseload);
        show(view.root(), view::focus);
    }

    @Override
    public void printGroup(Group group) {
        services.print().printGroup(window(), group, caseload().learnersIn(group.id()));
    }
}
