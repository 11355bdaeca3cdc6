package dev.seatbooking.system;

import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ReflectionUtils;

/**
 * A recurring job whose interval comes from typed settings, run as Spring runs an
 * {@code @Scheduled} method: inside a {@code tasks.scheduled.execution} observation, so each round
 * is timed and its log lines carry a trace id.
 */
public final class ObservedJobs {

    private ObservedJobs() {
    }

    /**
     * Runs {@code job.method()} {@code interval} after each round ends, the first {@code initialDelay}
     * after start. The method is named, not passed as a lambda, because Spring's observation of a
     * scheduled task names it from the {@link Method} ({@code code.function}), as for {@code @Scheduled};
     * a name with no such method fails the start-up, so a typo cannot ship.
     */
    public static FixedDelayTask fixedDelay(Object job, String method, Duration interval, Duration initialDelay,
            ObservationRegistry observations) {
        Method target = ReflectionUtils.findMethod(job.getClass(), method);
        if (target == null) {
            throw new IllegalStateException(job.getClass().getName() + " has no method " + method + "()");
        }
        return new FixedDelayTask(new ScheduledMethodRunnable(job, target, null, () -> observations), interval,
                initialDelay);
    }
}
