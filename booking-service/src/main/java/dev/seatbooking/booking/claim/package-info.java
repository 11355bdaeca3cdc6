/**
 * CLAIM: {@code POST /v1/bookings}. Holds the seats in Redis, then records the PENDING booking and
 * its payment start in one transaction (I1, I2, I9); the Idempotency-Key rule of a claim (I7), the
 * rate limits, the admission of a flash crowd and the refusal of a claim on a flight known full.
 */
package dev.seatbooking.booking.claim;
