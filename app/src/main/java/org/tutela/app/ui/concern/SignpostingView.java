package org.tutela.app.ui.concern;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** The signposting list editor. Layout only: state lives in {@link SignpostingViewModel}. */
public final class SignpostingView {
    private final VBox root;
    private final TableView<SignpostingService> table;

    public SignpostingView(SignpostingViewModel model, Runnable onBack) {
        table = new TableView<>(model.services());
        table.setId("signposting-table");
        table.setAccessibleText(Messages.plain("signposting.table"));
        table.setPlaceholder(new Label(Messages.get("signposting.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("signposting.name", SignpostingService::name, 220));
        table.getColumns().add(column("signposting.whatFor", SignpostingService::whatFor, 300));
        table.getColumns().add(column("signposting.contact", SignpostingService::contact, 260));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null) {
                model.edit(s);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        TextField name = field("signposting-name", model.nameProperty(), 18);
        TextField whatFor = field("signposting-what-for", model.whatForProperty(), 24);
        TextField contact = field("signposting-contact", model.contactProperty(), 20);
        Button apply = Controls.button("signposting-apply", "signposting.apply");
        apply.setDefaultButton(true);
        apply.setOnAction(e -> model.apply());
        Button clear = Controls.button("signposting-new", "signposting.new");
        clear.setOnAction(e -> {
            table.getSelectionModel().clearSelection();
            model.edit(null);
            name.requestFocus();
        });
        Button remove = Controls.button("signposting-remove", "signposting.remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> model.remove(table.getSelectionModel().getSelectedItem()));
        HBox editor = new HBox(12, Controls.required(Controls.labelled("signposting.nameLabel", name,
                        Controls.problemLine("signposting-name-problem", name, model.nameProblemProperty(),
                                new javafx.beans.property.SimpleBooleanProperty(true)))),
                Controls.labelled("signposting.whatForLabel", whatFor), Controls.labelled("signposting.contactLabel", contact), apply);
        editor.setAlignment(Pos.TOP_LEFT);
        HBox.setMargin(apply, new javafx.geometry.Insets(22, 0, 0, 0)); // level with the boxes under their labels

        Label error = Controls.messageLine("signposting-error", "error");
        error.textProperty().bind(model.errorProperty());
        Label status = Controls.messageLine("signposting-status", "hint");
        status.textProperty().bind(model.statusProperty());
        Button back = Controls.button("signposting-back", "signposting.back");
        back.setCancelButton(true);
        back.setOnAction(e -> onBack.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, back, spacer, status, clear, remove);
        actions.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(12, actions, Controls.heading("signposting.heading"), Controls.text("signposting.intro"), table, editor, error);
        root.setId("signposting");
        root.getStyleClass().add("content");
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, int cols) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(cols);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static TableColumn<SignpostingService, String> column(String key, java.util.function.Function<SignpostingService, String> v, double w) {
        TableColumn<SignpostingService, String> c = new TableColumn<>(Messages.get(key));
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(v.apply(x.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        table.requestFocus();
    }
}
