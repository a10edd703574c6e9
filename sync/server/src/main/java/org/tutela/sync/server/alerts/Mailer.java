package org.tutela.sync.server.alerts;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * Sends one plain-text email through the organisation's SMTP server (Jakarta Mail, Eclipse
 * Angus). STARTTLS is required when chosen (never a silent fall-back to plain text); with TLS the
 * connection is encrypted from the start; either way the server's certificate must be trusted by
 * Java and name the host. Every step has a time limit, so a server that does not answer holds a
 * sender up for seconds, not for ever.
 */
public final class Mailer {
    static final int CONNECT_MILLIS = 10_000;
    static final int READ_MILLIS = 20_000;

    /** Why a message was not sent, in words the console can show (never the server's own text, which may quote addresses). */
    public enum Failure { AUTHENTICATION, CONNECTION, TLS, ADDRESS, NOT_SET_UP, OTHER }

    /** Sends {@code body} to {@code to}; throws what the SMTP server or the network answered. */
    public void send(MailSettings s, String to, String subject, String body) throws MessagingException {
        Properties p = new Properties();
        String protocol = s.security() == MailSettings.Security.TLS ? "smtps" : "smtp";
        String k = "mail." + protocol + ".";
        p.put("mail.transport.protocol", protocol);
        p.put(k + "host", s.host());
        p.put(k + "port", Integer.toString(s.port()));
        p.put(k + "connectiontimeout", Integer.toString(CONNECT_MILLIS));
        p.put(k + "timeout", Integer.toString(READ_MILLIS));
        p.put(k + "writetimeout", Integer.toString(READ_MILLIS));
        p.put(k + "from", s.fromAddress());
        p.put(k + "auth", Boolean.toString(s.username() != null));
        if (s.security() == MailSettings.Security.STARTTLS) {
            p.put(k + "starttls.enable", "true");
            p.put(k + "starttls.required", "true");
        }
        if (s.security() != MailSettings.Security.NONE) {
            p.put(k + "ssl.checkserveridentity", "true");
            p.put(k + "ssl.protocols", "TLSv1.3 TLSv1.2");
        }
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(s.fromAddress(), true));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.setSentDate(new Date());
        // an out-of-office reply to an alert helps nobody
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Auto-Response-Suppress", "All");
        m.saveChanges();
        try (Transport t = session.getTransport(protocol)) {
            t.connect(s.host(), s.port(), s.username(), s.password());
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    /** What kind of failure {@code e} is. */
    public static Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationFailedException) {
                return Failure.AUTHENTICATION;
            }
            if (t instanceof SSLException) {
                return Failure.TLS;
            }
            if (t instanceof SendFailedException) {
                return Failure.ADDRESS;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof org.eclipse.angus.mail.util.MailConnectException) {
                return Failure.CONNECTION;
            }
            if (t instanceof MessagingException me && String.valueOf(me.getMessage()).contains("STARTTLS")) {
                return Failure.TLS;
            }
        }
        return Failure.OTHER;
    }
}
