/**
 * CLAIM: {@code POST /v1/bookings}. Holds the seats in Redis, then records the PENDING booking and
 * its payment start in one transaction (I2, I9); asserts the hold again after the commit, or gives
 * it back once the database says the booking is not recorded (I6). Also the Idempotency-Key rule of
 * a claim (I7), the rate limits, the admission of a flash crowd and the refusal of a claim on a
 * flight known full.
 */
package dev.seatbooking.booking.claim;
