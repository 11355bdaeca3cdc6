package dev.seatbooking.system;

/** The bounds of every paged list: pages count from 0, and a deep page costs the database its offset. */
public final class Paging {

    /** The largest page size a list serves. */
    public static final int MAX_SIZE = 100;
    /** The last page a list serves: 1,000 pages of 100 are more than a person reads. */
    public static final int MAX_PAGE = 1000;

    private Paging() {
    }
}
