package dev.seatbooking.idempotency;

/** What tests in other packages need of {@link IdempotencyKeys}'s Redis keys. */
public final class IdempotencyKeysForTests {

    private IdempotencyKeysForTests() {
    }

    public static String markerKey(String caller, String key, String flightId) {
        return IdempotencyKeys.markerKey(new IdempotencyScope(caller, key, "ignored"), flightId);
    }
}
