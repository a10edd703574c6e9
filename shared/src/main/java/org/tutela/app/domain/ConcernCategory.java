package org.tutela.app.domain;

/** What a concern or referral is about. Safeguarding is always urgent. */
public enum ConcernCategory {
    SAFEGUARDING, WELLBEING, FINANCE, HOUSING, COUNSELLING, CHILDCARE, HEALTH, ACADEMIC, ATTENDANCE
}
