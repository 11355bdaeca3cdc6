/** Operators' look at one booking: its status changes, refunds and follow-up work in one answer. */
package dev.seatbooking.booking.admin;
