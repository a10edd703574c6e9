package org.tutela.app.ui.common;

import java.time.LocalDate;
import javafx.geometry.Pos;
import javafx.scene.control.DatePicker;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * A date box bound to its {@link DateEntry}: type the date as a UK tutor writes it (6/12/2026,
 * 06-12-2026, 6 Dec 2026, 2026-12-06), or pick it from the calendar beside it (the button, or
 * Alt+Down / F4 in the box). What is typed stays exactly as typed while it is not a date - its
 * problem shows beside it until fixed - and a date is written in Tutela's one style once the box
 * is left. (A DatePicker's own text box is not used for typing: it puts the last date back, or
 * empties itself, when it is left holding something that is not a date.)
 */
public final class DateField extends HBox {
    private final TextField text = new TextField();
    private final DatePicker calendar = new DatePicker();
    private boolean showingEntry;

    public DateField(String id, DateEntry entry) {
        super(4);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("date-field");
        text.setId(id);
        text.setPrefColumnCount(10);
        text.setPromptText(Messages.plain("date.prompt"));
        text.textProperty().bindBidirectional(entry.textProperty());
        text.focusedProperty().addListener((o, was, now) -> {
            if (!now && entry.value() != null && !entry.textProperty().get().equals(Formats.date(entry.value()))) {
                entry.set(entry.value());
            }
        });
        text.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F4 || (e.isAltDown() && e.getCode() == KeyCode.DOWN)) {
                e.consume();
                calendar.show();
            }
        });

        calendar.setId(id + "-calendar");
        calendar.getStyleClass().add("calendar-button");
        calendar.setEditable(false);
        calendar.setFocusTraversable(false); // the box is the keyboard's way in; Alt+Down opens the calendar from it
        calendar.setAccessibleText(Messages.plain("date.calendar"));
        calendar.setConverter(new StringConverter<>() {
            @Override
            public String toString(LocalDate d) {
                return "";
            }

            @Override
            public LocalDate fromString(String s) {
                return null;
            }
        });
        // The calendar opens on the date in the box (or this month).
        calendar.setOnShowing(e -> {
            showingEntry = true;
            calendar.setValue(entry.value());
            showingEntry = false;
        });
        calendar.valueProperty().addListener((o, was, now) -> {
            if (!showingEntry && now != null) {
                entry.set(now);
                text.requestFocus();
            }
        });
        getChildren().addAll(text, calendar);
    }

    /** The box the date is typed in (what labels point at and problems are said about). */
    public TextField editor() {
        return text;
    }

    /** Names the box for screen readers ("By when, target 2"). */
    public void setAccessibleName(String name) {
        text.setAccessibleText(name);
        calendar.setAccessibleText(Messages.plain("date.calendarFor", name));
    }
}
