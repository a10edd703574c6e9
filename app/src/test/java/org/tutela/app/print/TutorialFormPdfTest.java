package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;

class TutorialFormPdfTest {
    private static final FormLabels LABELS = new FormLabels(Locale.UK);
    private final Group group = PrintFixtures.group();
    private final Learner learner = PrintFixtures.learner(group);
    private final TutorialFormPdf pdf = new TutorialFormPdf(PrintSettings.DEFAULT.withLocale(Locale.UK));

    @Test
    void theFilledFormHasEveryLabelAndValue() {
        Tutorial t = PrintFixtures.filled(learner, "Good teamwork in the workshop; homework on time.");
        RenderedPdf r = pdf.render(PrintItems.of(t, learner, group));
        String text = PdfText.flat(PdfText.all(r.bytes()));

        List<String> missing = new ArrayList<>();
        for (String key : List.of("form.title", "label.learnerName", "label.courseTutor", "label.school", "label.course",
                "label.formTutor", "label.yearOfCourse", "label.attendance", "label.lessons", "label.absences",
                "label.punctuality", "punctuality.EXCELLENT", "punctuality.GOOD", "punctuality.REASONABLE",
                "punctuality.POOR", "label.level", "label.onTarget", "answer.yes", "answer.no", "label.comments",
                "label.learnerComments", "label.tutorComments", "label.targets", "label.previousTargets",
                "label.whyNot", "label.target", "label.byWhen", "label.agreedActions", "label.nextTutorial",
                "label.signedLearner", "label.signedTutor", "label.date", "label.copiesTo", "copy.STUDENT", "copy.ILR",
                "copy.HOME_SCHOOL", "copy.PARENTS_CARERS", "copy.EMPLOYER")) {
            if (!text.contains(LABELS.get(key))) {
                missing.add("label " + key + " = " + LABELS.get(key));
            }
        }
        for (String value : List.of("Gwenllŷan Quorthwŵck", "Tutor Bexamund", "Ysgol Brynwŷn (invented)", "Motor vehicle L2",
                "Tutor Orulak", "Number of lessons 40", "Number of absences 3", "Level 2 Diploma",
                "Good teamwork in the workshop; homework on time.",
                "I enjoy the workshop days; the theory tests are harder. Diolch – ŵ ŷ ü ß €.",
                "Steady progress on the practical units; timekeeping improving.",
                "Finish the brake-disc logbook pages", "Logbook left at the garage",
                "Complete unit 7 wheel alignment assessment", "24 April 2026", "Hand in the brake-disc logbook pages",
                "Bring the logbook to college every Tuesday.", "6 May 2026", "11 March 2026",
                "Zorvel Motor Vehicle L2")) {
            if (!text.contains(value)) {
                missing.add("value " + value);
            }
        }
        assertTrue(missing.isEmpty(), "missing from the PDF text: " + missing + "\n" + text);
        // Chosen answers are circled / ticked (the layout records what it marked).
        List<String> marks = r.regions().stream().map(Region::box)
                .filter(b -> b.startsWith("circled:") || b.startsWith("ticked:")).toList();
        assertEquals(List.of("circled:Reasonable", "circled:YES", "circled:NO", "circled:NO",
                "ticked:STUDENT", "ticked:ILR", "ticked:EMPLOYER"), marks);
    }

    @Test
    void welshLettersSurviveExtraction() {
        Tutorial t = PrintFixtures.filled(learner, "Mae'r dysgwr yn gweithio'n dda: ŵ ŷ Ŵ Ŷ â ê î ô û ï.");
        String text = PdfText.all(pdf.render(PrintItems.of(t, learner, group)).bytes());
        assertTrue(text.contains("Gwenllŷan Quorthwŵck"), text);
        assertTrue(text.contains("ŵ ŷ Ŵ Ŷ â ê î ô û ï"), text);
        assertTrue(text.contains("ü ß €"), text);
    }

    @Test
    void aLongCommentContinuesOnPageTwoAndNothingIsCut() {
        Tutorial t = PrintFixtures.filled(learner, PrintFixtures.longComment(30));
        RenderedPdf r = pdf.render(PrintItems.of(t, learner, group));
        assertTrue(r.pages() >= 2, "pages: " + r.pages());
        String page1 = PdfText.flat(PdfText.page(r.bytes(), 1));
        String page2 = PdfText.flat(PdfText.page(r.bytes(), 2));
        assertTrue(page1.contains("Paragraph 1:"), page1);
        assertFalse(page1.contains("LAST-LINE-MARKER"), "the end of the comment is not on page one");
        assertTrue(page2.contains(LABELS.get("form.continued", LABELS.get("label.comments.short"))), page2);
        assertTrue(page2.contains("LAST-LINE-MARKER of the comments."), page2);
        String all = PdfText.flat(PdfText.all(r.bytes()));
        for (int i = 1; i <= 30; i++) {
            assertTrue(all.contains("Paragraph " + i + ": progress on the practical units"), "paragraph " + i);
        }
        assertTrue(all.contains("Page 1 of " + r.pages()) && all.contains("Page 2 of " + r.pages()), all);
        assertTrue(r.regions().stream().anyMatch(g -> g.box().equals("comments") && g.continued() && g.page() == 1));
    }

    @Test
    void theBlankFormIsPrefilledWithWhatIsKnownAndLeavesRoomToWrite() {
        var target = PrintFixtures.openTarget(learner);
        RenderedPdf r = pdf.render(PrintItems.blank(learner, group, null, "Tutor Bexamund", List.of(target)));
        String text = PdfText.flat(PdfText.all(r.bytes()));
        for (String known : List.of("Gwenllŷan Quorthwŵck", "Tutor Bexamund", "Tutor Orulak", "Ysgol Brynwŷn (invented)",
                "Motor vehicle L2", "Number of lessons 40", "Number of absences 3", "Level 2 Diploma",
                "Finish the brake-disc logbook pages", LABELS.get("label.tutorComments"), LABELS.get("label.copiesTo"))) {
            assertTrue(text.contains(known), known + " in " + text);
        }
        assertFalse(r.regions().stream().anyMatch(g -> g.box().startsWith("circled:") || g.box().startsWith("ticked:")),
                "nothing is circled or ticked on a blank form");
        Region comments = r.regions().stream().filter(g -> g.box().equals("comments")).findFirst().orElseThrow();
        assertTrue(comments.height() > 140f, "writing room for comments: " + comments.height());
        long newTargetRows = r.regions().stream().filter(g -> g.box().equals("newTarget")).count();
        assertEquals(4, newTargetRows, "empty rows for new targets");
    }

    @Test
    void theOrganisationNameAndLogoAreInTheHeader() throws Exception {
        byte[] logo = PrintFixtures.logo("png");
        TutorialFormPdf withOrg = new TutorialFormPdf(PrintSettings.of("Quillbrook Training (invented)", logo));
        RenderedPdf r = withOrg.render(PrintItems.of(PrintFixtures.filled(learner, "ok"), learner, group));
        assertTrue(PdfText.page(r.bytes(), 1).contains("Quillbrook Training (invented)"));
        try (PDDocument doc = TutorialFormPdf.load(r.bytes())) {
            var resources = doc.getPage(0).getResources();
            int images = 0;
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject img) {
                    images++;
                    assertEquals(240, img.getWidth());
                }
            }
            assertEquals(1, images, "the logo on page one");
        }
        RenderedPdf none = pdf.render(PrintItems.of(PrintFixtures.filled(learner, "ok"), learner, group));
        assertFalse(PdfText.all(none.bytes()).contains("Quillbrook Training"));
    }

    @Test
    void textTheFontCannotPrintBecomesAQuestionMarkInsteadOfFailing() {
        Tutorial t = PrintFixtures.filled(learner, "Great week \u6F22 and a tab\there\u0007.");
        String text = PdfText.flat(PdfText.all(pdf.render(PrintItems.of(t, learner, group)).bytes()));
        assertTrue(text.contains("Great week ? and a tab here."), text);
    }

    @Test
    void aPlannedGroupSessionWithoutALearnerStillPrints() {
        Tutorial session = Tutorial.planGroupSession(group.id(), "Tutor Bexamund",
                org.tutela.app.domain.TutorialPlan.on(PrintFixtures.HELD_ON, null, "Hall"));
        RenderedPdf r = pdf.render(PrintItems.of(session, null, group));
        assertTrue(PdfText.all(r.bytes()).contains("Zorvel Motor Vehicle L2"));
    }
}
