package dev.paymentsimulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Keys for a simulator run: random, so no key printed in a document ever opens one. */
public final class SimulatorKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SimulatorKeys() {
    }

    /** A secret key in Stripe's test-mode shape, {@code sk_test_sim_} and 48 hex digits. */
    public static String newApiKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "sk_test_sim_" + HexFormat.of().formatHex(bytes);
    }
}
