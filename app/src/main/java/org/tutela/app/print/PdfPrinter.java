package org.tutela.app.print;

import java.awt.GraphicsEnvironment;
import java.awt.print.PrinterException;
import java.awt.print.PrinterJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.print.PrintService;
import javax.print.PrintServiceLookup;
import javax.print.attribute.HashPrintRequestAttributeSet;
import javax.print.attribute.PrintRequestAttributeSet;
import javax.print.attribute.standard.Copies;
import javax.print.attribute.standard.JobName;
import javax.print.attribute.standard.Media;
import javax.print.attribute.standard.MediaSizeName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.printing.PDFPageable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a rendered form to a printer. The printer, the number of copies and the paper are
 * chosen in the system's print dialog ({@link #choose}: {@code java.awt.print.PrinterJob}); the
 * document is then printed with {@link #print} (no dialog), which is also what the tests call.
 *
 * <p>Printing never writes a plaintext file: on Windows and macOS the document goes to the
 * system through {@code PrinterJob} with PDFBox's {@link PDFPageable}. On Linux and other CUPS
 * systems the JDK's {@code PrinterJob} would first spool a PostScript copy into the temp folder,
 * so there the PDF bytes are handed straight from memory to CUPS ({@code lp}, reading standard
 * input) instead; CUPS renders PDF itself. The job's title never names the learner.
 */
public final class PdfPrinter {
    private static final Logger LOG = LoggerFactory.getLogger(PdfPrinter.class);
    /** The job title shown in print queues: never a learner's name. */
    public static final String JOB_TITLE = "Tutela form";

    /** How the bytes reach the printer. */
    public enum Route {
        /** Piped from memory to CUPS's {@code lp}. */
        CUPS_PIPE,
        /** {@code java.awt.print.PrinterJob} with PDFBox's {@code PDFPageable}. */
        PRINTER_JOB
    }

    /**
     * Where and how to print, as chosen in the print dialog.
     *
     * @param service the printer; null for the system's default printer
     * @param copies at least 1
     * @param paper the paper chosen (null: the printer's default; the form is A4)
     */
    public record Choice(PrintService service, int copies, MediaSizeName paper) {
        public Choice {
            copies = Math.max(1, copies);
        }

        public static Choice defaultPrinter() {
            return new Choice(null, 1, null);
        }

        public String printerName() {
            return service == null ? null : service.getName();
        }
    }

    private final Route route;
    private final java.util.function.BiConsumer<byte[], Choice> sink;

    /** A printer using the route that writes nothing to disk on this system. */
    public PdfPrinter() {
        this(defaultRoute());
    }

    public PdfPrinter(Route route) {
        this.route = route;
        this.sink = null;
    }

    private PdfPrinter(java.util.function.BiConsumer<byte[], Choice> sink) {
        this.route = null;
        this.sink = sink;
    }

    /** A printer that hands the PDF bytes to {@code sink} instead of a real printer (tests, benchmark). */
    public static PdfPrinter capturing(java.util.function.BiConsumer<byte[], Choice> sink) {
        return new PdfPrinter(java.util.Objects.requireNonNull(sink));
    }

    public Route route() {
        return route;
    }

    static Route defaultRoute() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean windows = os.contains("win");
        boolean mac = os.contains("mac");
        return !windows && !mac && lpCommand().isPresent() ? Route.CUPS_PIPE : Route.PRINTER_JOB;
    }

    /** The system's default printer, if there is one. */
    public static Optional<PrintService> defaultPrinter() {
        return Optional.ofNullable(PrintServiceLookup.lookupDefaultPrintService());
    }

    /** As {@link #choose(RenderedPdf, java.awt.Rectangle)}, centred on the screen. */
    public Optional<Choice> choose(RenderedPdf pdf) {
        return choose(pdf, null);
    }

    /** The print dialog's usual size, to centre it before it is shown (the system lays it out itself). */
    static final java.awt.Dimension DIALOG_SIZE = new java.awt.Dimension(560, 460);

    /**
     * Shows the system's print dialog (printer, copies, paper), centred on the window it is for
     * (the system's own placement is the screen's top-left corner). Call it off the JavaFX thread.
     *
     * @param pdf the document (for its pages), or null before a batch is rendered
     * @param over the window's bounds on the screen, or null to centre it on the screen
     * @return the choice, or empty when the user cancelled
     * @throws java.awt.HeadlessException when there is no screen (tests)
     */
    public Optional<Choice> choose(RenderedPdf pdf, java.awt.Rectangle over) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new java.awt.HeadlessException("The print dialog needs a screen");
        }
        PrinterJob job = PrinterJob.getPrinterJob();
        PrintRequestAttributeSet attributes = new HashPrintRequestAttributeSet();
        attributes.add(MediaSizeName.ISO_A4);
        attributes.add(new JobName(JOB_TITLE, Locale.ROOT));
        PrintService chosen;
        try (PDDocument doc = pdf == null ? null : TutorialFormPdf.load(pdf.bytes())) {
            if (doc != null) {
                job.setPageable(new PDFPageable(doc));
            }
            PrintService[] services = PrinterJob.lookupPrintServices();
            if (services.length == 0) {
                throw PrintFailedException.noPrinter();
            }
            java.awt.GraphicsConfiguration gc = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                    .getDefaultConfiguration();
            java.awt.Point at = centred(over, DIALOG_SIZE, gc.getBounds());
            chosen = javax.print.ServiceUI.printDialog(gc, at.x, at.y, services, job.getPrintService(),
                    javax.print.DocFlavor.SERVICE_FORMATTED.PAGEABLE, attributes);
            if (chosen == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new PrintFailedException(e.getMessage(), e);
        }
        Copies copies = (Copies) attributes.get(Copies.class);
        Media media = (Media) attributes.get(Media.class);
        return Optional.of(new Choice(chosen, copies == null ? 1 : copies.getValue(), media instanceof MediaSizeName m ? m : null));
    }

    /** Where a dialog of this size goes to sit in the middle of the window (or the screen), kept on the screen. */
    static java.awt.Point centred(java.awt.Rectangle over, java.awt.Dimension dialog, java.awt.Rectangle screen) {
        java.awt.Rectangle on = over == null ? screen : over;
        int x = on.x + (on.width - dialog.width) / 2;
        int y = on.y + (on.height - dialog.height) / 2;
        x = Math.max(screen.x, Math.min(x, screen.x + screen.width - dialog.width));
        y = Math.max(screen.y, Math.min(y, screen.y + screen.height - dialog.height));
        return new java.awt.Point(x, y);
    }

    /**
     * Prints the document without a dialog.
     *
     * @return the print system's job id when it gives one (CUPS: "Tutela_PDF-12"), else null
     * @throws PrintFailedException with a message for the user when there is no printer or the
     *     system refused the job
     */
    public String print(RenderedPdf pdf, Choice choice) {
        Choice c = choice == null ? Choice.defaultPrinter() : choice;
        if (sink != null) {
            sink.accept(pdf.bytes().clone(), c);
            return null;
        } else if (route == Route.CUPS_PIPE) {
            return printThroughCups(pdf.bytes(), c);
        } else {
            printThroughPrinterJob(pdf.bytes(), c);
            return null;
        }
    }

    private void printThroughPrinterJob(byte[] pdf, Choice c) {
        PrintService service = c.service() != null ? c.service() : PrintServiceLookup.lookupDefaultPrintService();
        if (service == null) {
            throw PrintFailedException.noPrinter();
        }
        try (PDDocument doc = TutorialFormPdf.load(pdf)) {
            PrinterJob job = PrinterJob.getPrinterJob();
            job.setPrintService(service);
            job.setJobName(JOB_TITLE);
            job.setPageable(new PDFPageable(doc));
            PrintRequestAttributeSet attributes = new HashPrintRequestAttributeSet();
            attributes.add(new Copies(c.copies()));
            attributes.add(c.paper() != null ? c.paper() : MediaSizeName.ISO_A4);
            job.print(attributes);
        } catch (PrinterException | IOException e) {
            throw new PrintFailedException(e.getMessage(), e);
        }
    }

    private String printThroughCups(byte[] pdf, Choice c) {
        String lp = lpCommand().orElseThrow(() -> new PrintFailedException("The lp command of CUPS is missing.", null));
        List<String> cmd = new ArrayList<>();
        cmd.add(lp);
        String printer = c.printerName();
        if (printer != null) {
            cmd.add("-d");
            cmd.add(printer);
        }
        cmd.add("-n");
        cmd.add(String.valueOf(c.copies()));
        cmd.add("-t");
        cmd.add(JOB_TITLE);
        String media = cupsMedia(c.paper());
        if (media != null) {
            cmd.add("-o");
            cmd.add("media=" + media);
        }
        cmd.add("--");
        cmd.add("-");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        try {
            Process p = pb.start();
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(said);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "tutela-lp-output");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(pdf);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PrintFailedException("The print system did not answer within a minute.", null);
            }
            reader.join(2000);
            String output = said.toString(StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String reason = output.isEmpty() ? "lp exited with " + p.exitValue() : output;
                if (reason.contains("No default destination") || reason.contains("does not exist")) {
                    throw PrintFailedException.noPrinter();
                }
                throw new PrintFailedException(reason, null);
            }
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("request id is (\\S+)").matcher(output);
            String jobId = id.find() ? id.group(1) : null;
            LOG.info("Sent {} bytes to CUPS ({} copies), job {}", pdf.length, c.copies(), jobId);
            return jobId;
        } catch (IOException e) {
            throw new PrintFailedException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrintFailedException("Printing was interrupted.", e);
        }
    }

    static String cupsMedia(MediaSizeName paper) {
        if (paper == null) {
            return "A4";
        }
        if (paper == MediaSizeName.ISO_A4) {
            return "A4";
        }
        if (paper == MediaSizeName.NA_LETTER) {
            return "Letter";
        }
        if (paper == MediaSizeName.NA_LEGAL) {
            return "Legal";
        }
        if (paper == MediaSizeName.ISO_A3) {
            return "A3";
        }
        if (paper == MediaSizeName.ISO_A5) {
            return "A5";
        }
        return null;
    }

    static Optional<String> lpCommand() {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/bin"}) {
            Path p = Path.of(dir, "lp");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /** Printing did not happen; {@link #becauseNoPrinter()} tells the case the tutor can act on (the message is for the log). */
    public static final class PrintFailedException extends RuntimeException {
        private final boolean noPrinter;

        public PrintFailedException(String message, Throwable cause) {
            this(message, cause, false);
        }

        private PrintFailedException(String message, Throwable cause, boolean noPrinter) {
            super(message, cause);
            this.noPrinter = noPrinter;
        }

        /** There is no printer set up on this computer. */
        public static PrintFailedException noPrinter() {
            return new PrintFailedException("There is no printer set up on this computer.", null, true);
        }

        public boolean becauseNoPrinter() {
            return noPrinter;
        }
    }
}
