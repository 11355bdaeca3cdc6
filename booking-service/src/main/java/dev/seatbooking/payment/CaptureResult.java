package dev.seatbooking.payment;

/** What the PSP did with a capture. */
public enum CaptureResult {
    /** Captured now, or before. */
    CAPTURED,
    /** Refused for good: the issuer declined the capture, or the authorization was cancelled. */
    REFUSED,
    /**
     * The authorization lapsed (the PSP cancelled it), or is too old to be sure it has not
     * ({@code payment.capture-deadline}): it was voided, not captured.
     */
    EXPIRED
}
