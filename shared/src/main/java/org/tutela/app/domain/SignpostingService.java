package org.tutela.app.domain;

import java.util.UUID;

/** A service learners can be referred or signposted to, kept by the organisation: name, what for, contact. */
public record SignpostingService(UUID id, String name, String whatFor, String contact) {
    public SignpostingService {
        if (id == null) {
            throw new IllegalArgumentException("A service needs an id");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the service a name");
        }
    }

    public static SignpostingService create(String name, String whatFor, String contact) {
        return new SignpostingService(UUID.randomUUID(), name, whatFor, contact);
    }
}
