package org.tutela.app.domain;

/** Someone to contact about the learner: a parent or carer, the employer, or another. */
public record Contact(ContactKind kind, String name, String relationship, String phone, String email) {
    public Contact {
        kind = kind == null ? ContactKind.OTHER : kind;
    }
}
