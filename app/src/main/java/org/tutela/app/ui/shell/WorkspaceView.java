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
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.Caseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.caseload.CaseloadView;
import org.tutela.app.ui.caseload.CaseloadViewModel;
import org.tutela.app.ui.common.Controls;
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
import org.tutela.app.ui.tutorial.PrintRequests;
import org.tutela.app.ui.tutorial.TutorialFormView;
import org.tutela.app.ui.tutorial.TutorialFormViewModel;

/**
 * The unlocked window: a top bar (profile, caseload, summary, signposting, menu, Lock) around the
 * current screen. Loads the caseload off the UI thread when it opens; the screens swap in the
 * centre. {@link #flush()} saves the open form's draft (before the vault locks).
 */
public final class WorkspaceView implements Navigator {
    private final BorderPane root;
    private final String profile;
    private final TaskRunner runner;
    private final CaseloadViewModel caseloadModel;
    private final CaseloadView caseloadView;
    private TutorialFormView openForm;
    private UUID currentLearner;

    public WorkspaceView(String profile, VaultSession session, TaskRunner runner, Runnable onLock, Runnable onChangePassphrase,
                         Runnable onSettings) {
        this.profile = profile;
        this.runner = runner;
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
        for (Button b : new Button[] {caseloadButton, summaryButton, signpostingButton}) {
            b.getStyleClass().add("nav-button");
        }

        MenuItem change = new MenuItem(Messages.get("shell.changePassphrase"));
        change.setId("menu-change-passphrase");
        change.setOnAction(e -> onChangePassphrase.run());
        MenuItem settings = new MenuItem(Messages.get("shell.settings"));
        settings.setId("menu-settings");
        settings.setOnAction(e -> onSettings.run());
        MenuButton menu = new MenuButton(Messages.get("shell.menu"), null, change, settings);
        menu.setId("shell-menu");
        menu.setMnemonicParsing(true);
        menu.setAccessibleText(Messages.plain("shell.menu"));

        Button lock = Controls.button("lock-button", "shell.lock");
        lock.setTooltip(new Tooltip(Messages.get("shell.lock.tooltip")));
        lock.setOnAction(e -> onLock.run());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, profileLabel, caseloadButton, summaryButton, signpostingButton, spacer, menu, lock);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("top-bar");

        caseloadModel = new CaseloadViewModel(runner);
        caseloadView = new CaseloadView(caseloadModel, this);
        root = new BorderPane(caseloadView.root());
        root.setTop(bar);
        root.setId("workspace");
        caseloadModel.load(() -> Caseload.load(session.records()), () -> {
            caseloadView.focus();
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
        root.setCenter(screen);
        Platform.runLater(focus);
    }

    private String tutorFor(Learner l) {
        Caseload c = caseload();
        Group g = l == null || c == null ? null : c.groupOf(l);
        if (g != null && g.tutor() != null && !g.tutor().isBlank()) {
            return g.tutor();
        }
        return l != null && l.courseTutor() != null && !l.courseTutor().isBlank() ? l.courseTutor() : profile;
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
        runner.run(() -> new LearnerViewModel(c, learnerId), model -> {
            LearnerView view = new LearnerView(model, this);
            show(view.root(), view::focus);
        }, failure -> showCaseload());
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
        }, saved -> openLearner(saved.id()));
        show(view.root(), view::focus);
    }

    @Override
    public void planTutorial(UUID learnerId, UUID tutorialId) {
        Learner l = caseload().learner(learnerId).orElse(null);
        PlanTutorialViewModel model = new PlanTutorialViewModel(caseload(), runner, learnerId, tutorialId, tutorFor(l));
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
        Learner l = t.learnerId() == null ? null : caseload().learner(t.learnerId()).orElse(null);
        TutorialFormViewModel model = new TutorialFormViewModel(caseload(), runner, t, tutorFor(l), earlier);
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
        });
        show(view.root(), view::focus);
        openForm = earlier ? null : view;
    }

    @Override
    public void openConcern(UUID learnerId, UUID concernId) {
        Learner l = caseload().learner(learnerId).orElse(null);
        ConcernViewModel model = new ConcernViewModel(caseload(), runner, learnerId, concernId, tutorFor(l));
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
        PrintRequests.current().printGroup(root.getScene().getWindow(), group, caseload().learnersIn(group.id()));
    }
}
