package org.tutela.bench;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.print.BatchPrintJob;
import org.tutela.app.print.PrintItem;
import org.tutela.app.print.PrintItems;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.print.RenderedPdf;
import org.tutela.app.print.TutorialFormPdf;

/**
 * Printing: one filled Progress Review / Tutorial Form to PDF in memory, warm (p50, p99), and a
 * group of 300 forms rendered as one batch job (the PDF sent to the printer). Invented data.
 * Targets: under 100 ms per form warm; 300 forms under 15 s. {@code --smoke}: a tiny run.
 */
public final class PrintBench {
    private PrintBench() {
    }

    public static void main(String[] args) {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        int warmup = smoke ? 2 : 150;
        int runs = smoke ? 3 : 200;
        int batch = smoke ? 4 : 300;

        Group group = Group.create("Invented Cohort B", "Motor vehicle apprenticeship", "Quillbrook Garages (invented)",
                "Tutor Bexamund", ReviewFrequency.halfTermly());
        TutorialFormPdf pdf = new TutorialFormPdf(new PrintSettings("Quillbrook Training (invented)", null, Locale.UK));
        Learner one = learner(group, 0);
        PrintItem item = PrintItems.of(filled(one), one, group);

        for (int i = 0; i < warmup; i++) {
            pdf.render(item);
        }
        double[] ms = new double[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            RenderedPdf r = pdf.render(item);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            bytes = r.bytes().length;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "print.form_pdf_warm_p50: %.1f ms%n", ms[runs / 2]);
        System.out.printf(Locale.ROOT, "print.form_pdf_warm_p99: %.1f ms%n", ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)]);
        System.out.printf(Locale.ROOT, "print.form_pdf_size: %d bytes%n", bytes);

        List<PrintItem> items = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            Learner l = learner(group, i);
            items.add(PrintItems.of(filled(l), l, group));
        }
        long t0 = System.nanoTime();
        RenderedPdf all = new BatchPrintJob(pdf, items, null).renderOnly();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "print.batch_%d_forms: %.2f s%n", batch, seconds);
        System.out.printf(Locale.ROOT, "print.batch_pages: %d pages%n", all.pages());
        System.out.printf(Locale.ROOT, "print.batch_pdf_size: %.1f MB%n", all.bytes().length / 1e6);
    }

    private static final String[] GIVEN = {"Aneira", "Bryvor", "Cadwy", "Dellyn", "Eirwŷn", "Ffraeth", "Gwenllŷan", "Hywŵl"};
    private static final String[] FAMILY = {"Zellwyn", "Tallquist", "Ormsleigh", "Pravost", "Quorthwŵck", "Brynmarl"};

    private static Learner learner(Group g, int i) {
        return Learner.builder().givenName(GIVEN[i % GIVEN.length]).familyName(FAMILY[i % FAMILY.length] + " " + i)
                .course("Motor vehicle L2").schoolOrEmployer("Ysgol Brynwŷn (invented)").yearOfCourse(1 + i % 2)
                .courseTutor("Tutor Bexamund").formTutor("Tutor Orulak").levelWorkingTowards("Level 2 Diploma")
                .group(g.id()).attendance(new Attendance(40, i % 5)).punctuality(Punctuality.GOOD).build();
    }

    private static Tutorial filled(Learner l) {
        LocalDate on = LocalDate.of(2026, 3, 11);
        Tutorial held = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "Tutor Bexamund",
                TutorialPlan.on(on, LocalTime.of(10, 0), "Room 4")).hold(FrozenSnapshot.take(on, l, List.of()));
        String comment = ("Progress on the practical units has been steady this half term; attitude in the workshop is "
                + "positive and homework arrives on time. Coursework needs more care with measurements. ").repeat(4);
        var form = held.form().toBuilder().punctuality(Punctuality.GOOD).onTargetToAchieve(Boolean.TRUE)
                .comments(comment).learnerComments("The workshop days are the best part; theory is harder. ŵ ŷ")
                .tutorComments("Timekeeping improving; keep the logbook up to date.")
                .newTargets(List.of(NewTarget.of("Complete unit 7 wheel alignment assessment", on.plusWeeks(6)),
                        NewTarget.of("Hand in the brake-disc logbook pages", on.plusWeeks(2))))
                .agreedActions("Bring the logbook every Tuesday.").nextTutorialDate(on.plusWeeks(8))
                .copiesTo(EnumSet.of(CopyRecipient.STUDENT, CopyRecipient.ILR)).build();
        return held.withForm(form).signByLearner(Signature.typed(l.fullName(), on))
                .signByTutor(Signature.typed("Tutor Bexamund", on));
    }
}
