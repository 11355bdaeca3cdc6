package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memory of full flights, on a clock the test moves: how long a refusal is remembered. */
class FullFlightsTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FullFlights memory = new FullFlights(Duration.ofMillis(200), Duration.ofMinutes(1), clock::get);

    @Test
    void remembersTheSeatsThatWereFree() {
        memory.remember("FL1", 1, null, memory.asking("FL1"));

        assertThat(memory.refuses("FL1", 2)).isTrue();
        assertThat(memory.refuses("FL1", 1)).as("one seat was free: ask Redis").isFalse();
        assertThat(memory.refuses("FL2", 1)).as("another flight").isFalse();
    }

    @Test
    void forgetsAtItsBound() {
        memory.remember("FL1", 0, null, memory.asking("FL1"));

        advance(Duration.ofMillis(199));
        assertThat(memory.refuses("FL1", 1)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void forgetsWhenTheEarliestHoldLapsesIfThatIsSooner() {
        memory.remember("FL1", 0, Duration.ofMillis(30), memory.asking("FL1"));

        advance(Duration.ofMillis(29));
        assertThat(memory.refuses("FL1", 1)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void aHoldLapsingNowIsNotRemembered() {
        memory.remember("FL1", 0, Duration.ZERO, memory.asking("FL1"));

        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void aReleaseEndsItAtOnce() {
        memory.remember("FL1", 0, null, memory.asking("FL1"));
        memory.remember("FL2", 0, null, memory.asking("FL2"));

        memory.released("FL1");

        assertThat(memory.refuses("FL1", 1)).isFalse();
        assertThat(memory.refuses("FL2", 1)).isTrue();
    }

    @Test
    void aRefusalReadBeforeAReleaseIsNotRememberedAfterIt() {
        var asked = memory.asking("FL1");
        memory.released("FL1");

        memory.remember("FL1", 0, null, asked);

        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void itsLifeCountsFromTheQuestionNotTheAnswer() {
        var asked = memory.asking("FL1");
        advance(Duration.ofMillis(150)); // a slow answer, a pause

        memory.remember("FL1", 0, null, asked);

        advance(Duration.ofMillis(49));
        assertThat(memory.refuses("FL1", 1)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void anAnswerOlderThanTheBoundIsNotRemembered() {
        var asked = memory.asking("FL1");
        advance(Duration.ofMillis(200));

        memory.remember("FL1", 0, null, asked);

        assertThat(memory.refuses("FL1", 1)).isFalse();
    }

    @Test
    void zeroTurnsItOff() {
        var off = new FullFlights(Duration.ZERO, Duration.ofMinutes(1), clock::get);
        off.remember("FL1", 0, null, off.asking("FL1"));

        assertThat(off.refuses("FL1", 1)).isFalse();
    }

    @Test
    void whenItLapsesOneClaimAsksRedisAndTheOthersWaitForItsAnswer() throws Exception {
        var waiting = waiterAfterTheMemoryLapsed();

        memory.remember("FL1", 0, null, memory.asking("FL1")); // Redis refused the one that asked

        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("refused with the fresh answer").isTrue();
    }

    @Test
    void whenTheOneAskingGetsASeatTheOthersAskToo() throws Exception {
        var waiting = waiterAfterTheMemoryLapsed();

        memory.answered("FL1"); // it took a seat: a seat was free after all

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aReleaseWakesTheWaitingToAskThemselves() throws Exception {
        var waiting = waiterAfterTheMemoryLapsed();

        memory.released("FL1");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void onlyTheFirstToSeeItLapsedHasTheTurnToAsk() throws Exception {
        memory.remember("FL1", 0, null, memory.asking("FL1"));
        assertThat(memory.askingHere("FL1")).as("fresh: nobody asks").isFalse();
        advance(Duration.ofMillis(200));

        assertThat(memory.refuses("FL1", 1)).isFalse();
        assertThat(memory.askingHere("FL1")).isTrue();
        var other = new FutureTask<>(() -> memory.askingHere("FL1"));
        new Thread(other).start();
        assertThat(other.get(10, TimeUnit.SECONDS)).as("another thread's claim").isFalse();

        memory.answered("FL1");
        assertThat(memory.askingHere("FL1")).as("once answered").isFalse();
    }

    /**
     * The memory of FL1 lapsed and this thread is the one asking Redis; another claim is waiting
     * for its answer (its thread parked), not answered yet.
     */
    private FutureTask<Boolean> waiterAfterTheMemoryLapsed() {
        memory.remember("FL1", 0, null, memory.asking("FL1"));
        advance(Duration.ofMillis(200));
        assertThat(memory.refuses("FL1", 1)).as("the first to see it lapsed asks Redis").isFalse();
        var waiting = new FutureTask<>(() -> memory.refuses("FL1", 1));
        var thread = new Thread(waiting);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        assertThat(waiting).isNotDone();
        return waiting;
    }

    @Test
    void anAskerWhoseWaitRanOutDoesNotEndTheTurnOfTheNext() throws Exception {
        var impatient = new FullFlights(Duration.ofMillis(200), Duration.ofMillis(1), clock::get);
        impatient.remember("FL1", 0, null, impatient.asking("FL1"));
        advance(Duration.ofMillis(200));
        assertThat(impatient.refuses("FL1", 1)).as("this thread asks").isFalse();
        advance(Duration.ofMillis(1));
        // Its wait ran out: another claim drops its turn, asks by claiming, and is refused; that
        // memory lapses too, and the other claim has the turn to ask now.
        var next = new FutureTask<>(() -> {
            boolean refused = impatient.refuses("FL1", 1);
            impatient.remember("FL1", 0, null, impatient.asking("FL1"));
            advance(Duration.ofMillis(200));
            return !refused && !impatient.refuses("FL1", 1) && impatient.askingHere("FL1");
        });
        new Thread(next).start();
        assertThat(next.get(10, TimeUnit.SECONDS)).as("the other has the turn").isTrue();

        impatient.doneAsking("FL1"); // this thread's answer, late, taught nothing

        assertThat(impatient.remembers("FL1")).as("the other's turn stands").isTrue();
    }

    @Test
    void whenTheOneAskingNeverAnswersTheOthersAskAfterTheWait() {
        var impatient = new FullFlights(Duration.ofMillis(200), Duration.ofMillis(1), clock::get);
        impatient.remember("FL1", 0, null, impatient.asking("FL1"));
        advance(Duration.ofMillis(200));
        assertThat(impatient.refuses("FL1", 1)).isFalse();

        assertThat(impatient.refuses("FL1", 1)).as("the one asking has not answered, say").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(impatient.refuses("FL1", 1)).as("its wait is over: the next one asks").isFalse();
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }
}
