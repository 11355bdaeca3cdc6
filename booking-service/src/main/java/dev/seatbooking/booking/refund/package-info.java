/**
 * REFUND: money given back once the PSP took it. The booking follows each refund of its own payment
 * as the PSP reports it ({@code refund.created}, {@code refund.updated}, {@code refund.failed}), and
 * operators refund part of a booking's payment (money only: the seats stay sold). The full refund of
 * a booking that could not be kept is queued by confirm and cancel and carried out by
 * {@code confirm.RefundWork}; this step follows it to its end.
 */
package dev.seatbooking.booking.refund;
